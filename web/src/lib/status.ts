// Status colours in the convention Vietnamese offices use: green done on time, blue in progress
// within the deadline, orange done late, red overdue and not done, grey not started.
export type Tone = 'green' | 'blue' | 'orange' | 'red' | 'grey';

export const ASSIGNMENT_STATES = ['done_on_time', 'done_late', 'overdue', 'in_progress', 'not_started', 'due_soon', 'not_applicable'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
// Which of a duty's units its page shows (?filter=not_done): all, those not done, those done, or one state.
export const DUTY_FILTERS = ['all', 'not_done', 'done', ...ASSIGNMENT_STATES] as const;
export type DutyFilter = (typeof DUTY_FILTERS)[number];
export type TargetStatus = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'not_reached' | 'not_applicable';
export type ReportStatus = 'draft' | 'submitted' | 'accepted' | 'returned' | 'missing';
export type RecommendationStatus = 'open' | 'answered' | 'closed' | 'overdue';

const ASSIGNMENT: Record<AssignmentState, Tone> = {
  done_on_time: 'green',
  in_progress: 'blue',
  due_soon: 'blue',
  done_late: 'orange',
  overdue: 'red',
  not_started: 'grey',
  not_applicable: 'grey',  // the unit was dissolved before the duty fell due
};

const TARGET: Record<TargetStatus, Tone> = {
  achieved: 'green',
  on_track: 'blue',
  at_risk: 'orange',
  off_track: 'red',
  no_data: 'grey',
  not_reached: 'red',  // the deadline is over and the deadline period's value falls short
  not_applicable: 'grey',  // a re-based part given no share: nothing to achieve
};

// Achievement counts: a target with nothing to achieve counts nowhere; one past its deadline
// that fell short is behind.
export function targetTally(statuses: string[]): { onTrack: number; behind: number; notApplicable: number } {
  return {
    onTrack: statuses.filter((s) => s === 'achieved' || s === 'on_track').length,
    behind: statuses.filter((s) => s === 'at_risk' || s === 'off_track' || s === 'not_reached').length,
    notApplicable: statuses.filter((s) => s === 'not_applicable').length,
  };
}

const REPORT: Record<ReportStatus, Tone> = {
  accepted: 'green',
  submitted: 'blue',
  returned: 'orange',
  draft: 'grey',
  missing: 'red',
};

const RECOMMENDATION: Record<RecommendationStatus, Tone> = {
  open: 'blue',
  overdue: 'red',
  answered: 'green',
  closed: 'grey',
};

export type StatusKind = 'assignment' | 'target' | 'report' | 'recommendation';

// The tone of a status; an unknown status is grey.
export function toneOf(kind: StatusKind, status: string): Tone {
  const table: Record<string, Tone> =
    kind === 'assignment' ? ASSIGNMENT : kind === 'target' ? TARGET : kind === 'report' ? REPORT : RECOMMENDATION;
  return table[status] ?? 'grey';
}

// The i18n key of a status label.
export function statusKey(kind: StatusKind, status: string): string {
  return `status.${kind}.${status}`;
}

// Completion as a tone: everything done on time is green, any overdue red, any late orange,
// otherwise blue while work goes on, grey when nothing started.
export function completionTone(c: { expected: number; done: number; late: number; overdue: number }): Tone {
  if (c.expected === 0) return 'grey';
  if (c.overdue > 0) return 'red';
  if (c.done === c.expected) return c.late > 0 ? 'orange' : 'green';
  return c.done > 0 ? 'blue' : 'grey';
}
