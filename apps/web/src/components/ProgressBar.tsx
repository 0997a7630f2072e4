/** A thick progress bar with its numbers ("7 / 12") for people glancing at a handheld. */
export function ProgressBar(props: { value: number; max: number; label: string; text: string; 'data-testid'?: string }) {
  const percent = () => (props.max > 0 ? Math.min(100, Math.round((props.value / props.max) * 100)) : 0);
  return (
    <div class="progress" data-testid={props['data-testid'] ?? 'progress'} data-value={props.value} data-max={props.max}>
      <div class="progress__track" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={props.max} aria-valuenow={props.value}>
        <div class="progress__fill" classList={{ 'progress__fill--done': props.max > 0 && props.value >= props.max }} style={{ width: `${percent()}%` }} />
      </div>
      <span class="progress__text">{props.text}</span>
    </div>
  );
}
