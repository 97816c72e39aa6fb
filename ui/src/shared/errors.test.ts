import { describe, expect, it } from 'vitest';
import { describeError } from './errors';

describe('describeError', () => {
  it('passes the core message of an invalid op through', () => {
    expect(describeError({ type: 'invalid', detail: 'A name is one line of text' })).toBe('A name is one line of text');
  });

  it('names the file, not the whole path, for file errors', () => {
    expect(describeError({ type: 'not_an_engagement', detail: { path: '/home/u/notes.txt' } })).toBe(
      'notes.txt is not a Threatloom engagement file',
    );
    expect(describeError({ type: 'newer_version', detail: { path: '/x/a.threatmodel', found: 9, supported: 2 } })).toContain(
      'newer Threatloom (file version 9, this one reads up to 2)',
    );
    expect(describeError({ type: 'corrupt', detail: { path: 'C:\\x\\b.threatmodel', reason: 'truncated' } })).toBe(
      'b.threatmodel is damaged and cannot be opened: truncated',
    );
  });

  it('passes the export failure through, path and all', () => {
    expect(describeError({ type: 'export', detail: 'the folder /nope does not exist' })).toBe('Export failed: the folder /nope does not exist');
  });

  it('describes unit variants', () => {
    expect(describeError({ type: 'nothing_to_undo' })).toBe('Nothing to undo');
  });

  it("shows the core's sentence for a blocked undo", () => {
    const message = "To undo 'Edit threat', first undo 'Move finding to Reported' in Findings: it changed the same threat later";
    expect(describeError({ type: 'undo_blocked', detail: { message, blocker: 'Move finding to Reported' } })).toBe(message);
    expect(describeError({ type: 'no_engagement' })).toMatch(/No engagement is open/);
  });

  it('never throws on unexpected shapes', () => {
    expect(describeError('command apply_op not allowed')).toBe('command apply_op not allowed');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(undefined)).toBe('Something went wrong');
    expect(describeError({ type: 'brand_new' })).toMatch(/brand_new/);
    expect(describeError({ type: 'not_found' })).toMatch(/no longer exists/);
    expect(describeError(42)).toBe('Something went wrong');
  });
});
