// The editor's Impact and Likelihood: each axis is either one level given
// overall (as the quick form logs it) or its three factors. The core's rule
// decides which counts (`Impact::overall`): rating a factor replaces the
// overall level, choosing an overall level replaces the factors (`rate_threat`).
import type { Rating } from '../bindings';
import { IMPACT_FACTORS, LIKELIHOOD_FACTORS, RATING_LABEL, RATINGS } from '../shared/stride';
import { VOCABULARY } from '../shared/vocabulary';
import type { Threat } from '../app/model';
import { rateThreat, updateThreat } from '../app/intents/threats';
import { Section, SegmentedField, TextField } from '../shared/ui/fields';

const RATING_OPTIONS = RATINGS.map((r) => ({ value: r, label: RATING_LABEL[r] }));

type Axis = 'impact' | 'likelihood';

const AXES: Record<Axis, { title: string; factors: readonly { key: string; label: string }[]; placeholder: string }> = {
  impact: { title: 'Impact', factors: IMPACT_FACTORS, placeholder: 'Who is affected, and what it costs' },
  likelihood: { title: 'Likelihood', factors: LIKELIHOOD_FACTORS, placeholder: 'How easy it is to find, repeat and exploit' },
};

function factorsOf(t: Threat, axis: Axis): (Rating | null)[] {
  const a = t[axis] as unknown as Record<string, Rating | null | undefined>;
  return AXES[axis].factors.map((f) => a[f.key] ?? null);
}

/** The axis's level given overall, while none of its factors is rated. */
export function ratedOverall(t: Threat, axis: Axis): Rating | null {
  const given = t[axis].rated_overall ?? null;
  return given && factorsOf(t, axis).every((r) => r === null) ? given : null;
}

/** "Rated overall: impact High, likelihood Medium", or null when neither axis is. */
export function ratedOverallText(t: Threat): string | null {
  const parts = (['impact', 'likelihood'] as const).flatMap((axis) => {
    const r = ratedOverall(t, axis);
    return r ? [`${axis} ${RATING_LABEL[r]}`] : [];
  });
  return parts.length ? `${VOCABULARY.rated_overall_label}: ${parts.join(', ')}` : null;
}

/** The line above the two sections when the threat was rated overall. */
export function RatedOverallLine({ threat }: { threat: Threat }) {
  const text = ratedOverallText(threat);
  if (!text) return null;
  return (
    <div className="tl-rated-overall" data-testid="threat-rated-overall">
      {text} <span className="tl-field-note">· rate the factors below to refine</span>
    </div>
  );
}

export function RatingSection({ threat, axis }: { threat: Threat; axis: Axis }) {
  const a = AXES[axis];
  const id = threat.id;
  const given = ratedOverall(threat, axis);
  const anyFactor = factorsOf(threat, axis).some((r) => r !== null);
  const other: Axis = axis === 'impact' ? 'likelihood' : 'impact';
  return (
    <Section title={a.title}>
      {!anyFactor && (
        <SegmentedField<Rating>
          label="Overall"
          testId={`${axis}-overall`}
          value={given}
          options={RATING_OPTIONS}
          clearable
          help="One level for now; rating a factor below replaces it"
          onChange={(v) => {
            // The other axis keeps what it has: its overall level, or its factors (null).
            const keep = ratedOverall(threat, other);
            void rateThreat(id, axis === 'impact' ? v : keep, axis === 'impact' ? keep : v);
          }}
        />
      )}
      {a.factors.map((f) => (
        <SegmentedField<Rating>
          key={f.key}
          label={f.label}
          testId={`${axis}-${f.key}`}
          value={(threat[axis] as unknown as Record<string, Rating | null>)[f.key] ?? null}
          options={RATING_OPTIONS}
          clearable
          onChange={(v) => void updateThreat(id, (t) => ({ ...t, [axis]: { ...t[axis], [f.key]: v } }))}
        />
      ))}
      <TextField
        label="Rationale"
        testId={`${axis}-rationale`}
        multiline
        value={threat[axis].rationale}
        placeholder={a.placeholder}
        maxLength={20000}
        onCommit={(rationale) => updateThreat(id, (t) => ({ ...t, [axis]: { ...t[axis], rationale } }))}
      />
    </Section>
  );
}
