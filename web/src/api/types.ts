// The JSON shapes the UI reads, as the server writes them (src/api/routes_*.cc, src/service/codec.cc).
import type { AssignmentState, TargetStatus } from '../lib/status';

export interface PeriodJson {
  code: string;
  label: string;
  label_en: string;
}

export interface UnitKind {
  id: number;
  code: string;
  name: string;
  name_en: string;
  level: number;
}

export interface UnitBrief {
  id: number;
  code: string;
  name: string;
  short_name: string;
  kind_id: number;
  kind_name: string;
  kind_name_en: string;
}

export interface PathStep {
  id: number;
  code: string;
  name: string;
}

export interface UnitHeader extends UnitBrief {
  path: PathStep[];
  child_count: number;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  short_name: string;
  kind_id: number;
  kind?: UnitKind;
  parent_id: number | null;
  open: boolean;
  valid_from: string;
  valid_to: string | null;
  closed_on?: string | null;  // the day it stopped, when closed by the date asked
}

// A unit's place in the reorganisations: who came before it, who after, and its names.
export interface LineageUnit {
  id: number;
  code: string;
  name: string;
  short_name: string;
  date: string;
  kind: 'merge' | 'split' | 'close' | 'create' | 'rename' | 'move';
}

export interface UnitLineage {
  id: number;
  code: string;
  name: string;
  open: boolean;
  valid_from: string;
  valid_to: string | null;
  names: { name: string; short_name: string; from: string; to: string | null }[];
  predecessors: LineageUnit[];
  successors: LineageUnit[];
}

export interface UnitDetail extends Unit {
  path: PathStep[];
  children: Unit[];
}

export interface ListOf<T> {
  items: T[];
  count: number;
}

export interface Indicator {
  id: number;
  code: string;
  name: string;
  value_type: 'number' | 'percent' | 'yes_no' | 'text';
  unit_aggregation: string;
  time_aggregation: string;
  period_type: string;
  measure_unit: string;
  decimals: number;
}

export interface Counts {
  expected: number;
  done: number;
  on_time: number;
  late: number;
  overdue: number;
  pending: number;
}

export interface KindCounts extends Counts {
  kind_id: number;
  kind_name: string;
  kind_name_en: string;
}

export interface TargetSummary {
  item_id: number;
  code: string;
  title: string;
  document_id: number;
  document_title: string;
  indicator: Indicator;
  baseline: number | null;
  baseline_period: PeriodJson | null;
  current: number | null;
  current_period: PeriodJson | null;
  goal: number;
  deadline: PeriodJson;
  direction: 'raise' | 'lower' | 'reach';
  percent: number | null;
  projected: number | null;
  status: TargetStatus;
  reason: string;
  reason_en: string;
  judged_at_deadline?: boolean;  // the deadline is over: judged on the deadline period's value
  deadline_value?: number | null;
  gap?: number | null;  // how far the deadline value falls short of the goal
  counts_for_achievement?: boolean;  // false for a target with nothing to achieve
  structure_as_of?: string;  // the day of the tree the current figure uses
  structure_label?: string;  // "theo địa giới hành chính ngày 31/12/2024"
  structure_label_en?: string;
}

export interface ObligationSummary {
  obligation_id: number;
  code: string;
  title: string;
  issuer_unit_id: number;
  issuer_name: string;
  issued_on: string;
  due_on: string;
  total: Counts;
  by_kind: KindCounts[];
}

export interface Task extends UnitBrief {
  unit_id: number;
  assignment_id: number;
  obligation_id: number;
  obligation_title: string;
  due_on: string;
  state: 'overdue' | 'due_soon';
}

export interface Recommendation {
  id: number;
  from_unit_id: number;
  to_unit_id: number;
  item_id: number | null;
  title: string;
  body: string;
  due_on: string | null;
  status: 'open' | 'answered' | 'closed';
  answer: string;
  answered_at: number | null;
  closed_at: number | null;
  created_at: number;
  version: number;
  from_unit_name?: string;
  to_unit_name?: string;
  overdue?: boolean;
}

export interface ReportCompleteness {
  period: PeriodJson;
  expected: number;
  missing: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
}

export interface DocumentJson {
  id: number;
  code: string;
  kind: string;
  kind_label: string;
  number: string;
  title: string;
  issuer_unit_id: number;
  issued_on: string | null;
  period_from: string;
  period_to: string;
  theme: string;
  version: number;
}

export interface Overview {
  unit: UnitHeader;
  as_of: string;
  structure_as_of?: string;
  structure_label?: string;
  structure_label_en?: string;
  targets: TargetSummary[];
  obligations: ObligationSummary[];
  tasks: Task[];
  tasks_overdue: number;
  tasks_due_soon: number;
  recommendations: Recommendation[];
  reports: ReportCompleteness[];
  documents: DocumentJson[];
}

export interface Measure {
  indicator_id: number;
  baseline: number | null;
  baseline_period: string | null;
  goal: number;
  deadline: string;
  direction: string;
}

export interface Item {
  id: number;
  document_id: number;
  parent_id: number | null;
  kind: string;
  kind_label: string;
  ordinal: number;
  code: string;
  title: string;
  field_code: string;
  unit_id: number | null;
  version: number;
  measure: Measure | null;
}

export interface LinkedItem {
  item_id: number;
  code: string;
  title: string;
  kind: string;
  document_id: number;
  document_title: string;
  issuer_unit_id: number;
  link_id: number;
  link_kind: string;
}

export interface TreeItem extends Item {
  children: TreeItem[];
  links_up: LinkedItem[];
  links_down: LinkedItem[];
}

export interface DocumentTree extends DocumentJson {
  items: TreeItem[];
  item_count: number;
}

export interface CoverageItem {
  item_id: number;
  code: string;
  title: string;
}

export interface Coverage {
  upper_document_id: number;
  lower_document_id: number;
  upper_targets: number;
  covered: number;
  not_applicable: number;
  entries: (CoverageItem & { not_applicable: boolean; covered: boolean; lower_items: CoverageItem[] })[];
  uncovered: CoverageItem[];
}

export interface SeriesPoint extends PeriodJson {
  value: number | null;
}

export interface TargetView {
  item: Item;
  document: DocumentJson;
  unit: UnitHeader;
  indicator: Indicator;
  baseline: number | null;
  baseline_period: PeriodJson | null;
  current: number | null;
  current_period: PeriodJson | null;
  goal: number;
  deadline: PeriodJson;
  direction: 'raise' | 'lower' | 'reach';
  percent: number | null;
  projected: number | null;
  status: TargetStatus;
  reason: string;
  reason_en: string;
  series: SeriesPoint[];
  children: (UnitBrief & { values: (number | null)[]; reported: boolean })[];
  as_of: string;
  structure_as_of?: string;
  structure_label?: string;
  structure_label_en?: string;
  judged_at_deadline?: boolean;
  deadline_value?: number | null;
  gap?: number | null;
  derived_from?: { from_item_id: number; date: string } | null;  // re-based from a closed unit's
  rebased?: RebasedTarget[];  // this target derived for the successors of its closed unit
  comparable?: (number | null)[] | null;  // per series period, rebuilt from predecessors
}

export interface RebasedTarget {
  item_id: number;
  unit_id: number;
  unit: UnitBrief;
  date: string;
  baseline: number | null;
  goal: number;
  progress?: { current: number | null };
  comparable_current: number | null;  // latest, rebuilt from its predecessors where needed
  comparable_period?: PeriodJson;
}

export interface Evidence {
  document_number: string;
  document_date: string | null;
  attendance: { group: string; count: number }[];
  files: string[];
  note: string;
}

export interface AssignmentRow extends UnitBrief {
  unit_id: number;
  assignment_id: number;
  version: number;
  role: 'lead' | 'coordinate';
  status: 'not_started' | 'in_progress' | 'done' | 'not_applicable';
  state: AssignmentState;
  due_on: string;
  completed_on: string | null;
  evidence: Evidence;
}

export interface ObligationView {
  obligation: {
    id: number;
    code: string;
    title: string;
    issuer_unit_id: number;
    issuer_name: string;
    document_id: number | null;
    document_title?: string;
    issued_on: string;
    due_on: string;
    version: number;
  };
  unit: UnitHeader;
  as_of: string;
  total: Counts;
  by_kind: KindCounts[];
  rows: AssignmentRow[];
}

export interface ReportSections {
  results: string;
  shortcomings: string;
  causes: string;
  next_tasks: string;
  recommendations: string;
}

export interface Report {
  id: number;
  unit_id: number;
  period: string;
  period_label: string;
  document_id: number | null;
  status: 'draft' | 'submitted' | 'accepted' | 'returned';
  status_label: string;
  locked: boolean;
  sections: ReportSections;
  submitted_at: number | null;
  reviewed_at: number | null;
  reviewed_by: string;
  review_comment: string;
  version: number;
}

export interface ValueJson {
  id: number;
  indicator_id: number;
  unit_id: number;
  period: string;
  value: number | null;
  text: string;
  comment: string;
  report_id: number | null;
  version: number;
  entered_by: string;
  entered_at: number;
}

export interface ReportForm {
  unit: UnitHeader;
  period: PeriodJson;
  reviewer: UnitBrief | null;
  report: Report | null;
  locked: boolean;
  indicators: { indicator: Indicator; targets: CoverageItem[]; value: ValueJson | null }[];
}

export interface SubordinateReports {
  unit: UnitHeader;
  period: PeriodJson;
  rows: (UnitBrief & { report: Report | null })[];
}

export interface Comment {
  id: number;
  entity: string;
  entity_id: number;
  author: string;
  body: string;
  created_at: number;
}
