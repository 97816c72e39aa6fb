// Impact and likelihood given overall, as two keys (quickKeys.ts decides them):
// the quick threat form's and the note promotion form's rating field.
import { RATING_LABEL, RATINGS } from '../shared/stride';
import { nextAxis, ratingText, type QuickRating } from './quickKeys';

/** Impact and likelihood as one level each, the factors to be refined later.
 *  Focused (Tab from the title), L/M/H or 1/2/3 give impact, then likelihood;
 *  the levels can also be clicked. */
export function RatingField({
  ref,
  rating,
  onChange,
  testId,
}: {
  ref: React.Ref<HTMLDivElement>;
  rating: QuickRating;
  onChange: (r: QuickRating) => void;
  /** `${testId}-rating`, and `${testId}-impact-high` etc. for the levels. */
  testId: string;
}) {
  const next = nextAxis(rating);
  const text = ratingText(rating, (l) => RATING_LABEL[l]);
  const axis = (name: 'impact' | 'likelihood', label: string) => (
    <div className={`tl-quick-axis${next === name ? ' is-next' : ''}`} role="radiogroup" aria-label={label}>
      <span className="tl-quick-axis-label">{label}</span>
      {RATINGS.map((r, i) => (
        <button
          key={r}
          type="button"
          role="radio"
          tabIndex={-1}
          aria-checked={rating[name] === r}
          className={`tl-quick-level is-${r}${rating[name] === r ? ' is-on' : ''}`}
          data-testid={`${testId}-${name}-${r}`}
          title={`${label} ${RATING_LABEL[r]} (${RATING_LABEL[r][0]} or ${i + 1})`}
          onClick={() => onChange({ ...rating, [name]: rating[name] === r ? null : r })}
        >
          <kbd>{RATING_LABEL[r][0]}</kbd>
        </button>
      ))}
    </div>
  );
  return (
    <div
      ref={ref}
      className="tl-quick-rating"
      tabIndex={0}
      role="group"
      aria-label={text ? `Rated overall: ${text}` : 'Rate overall: impact, then likelihood'}
      data-testid={`${testId}-rating`}
      data-impact={rating.impact ?? ''}
      data-likelihood={rating.likelihood ?? ''}
    >
      {axis('impact', 'Impact')}
      {axis('likelihood', 'Likelihood')}
      <span className="tl-quick-rating-text">{text ? `Rated overall: ${text}` : 'Not rated: refine later'}</span>
    </div>
  );
}
