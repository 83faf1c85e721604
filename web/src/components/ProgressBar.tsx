// A horizontal bar for "how far along": a target's percent of the way or a completion share.
import type { Tone } from '../lib/status';

export function ProgressBar({ value, tone, label }: { value: number | null; tone: Tone; label: string }) {
  const clamped = value === null ? 0 : Math.max(0, Math.min(100, value));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped)}
    >
      <div className={`progress-fill tone-${tone}`} style={{ width: `${clamped}%` }} />
    </div>
  );
}
