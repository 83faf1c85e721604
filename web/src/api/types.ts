// The JSON shapes the UI reads, by the names the screens use: each is a schema of the API's
// OpenAPI document (GET /api/v1/openapi.json), whose types web/src/api/openapi.ts holds, generated
// by openapi-typescript (scripts/check-openapi.sh --write). Nothing here is written by hand but
// the names.
import type { components } from './openapi';

type Schemas = components['schemas'];

export type PeriodJson = Schemas['PeriodLabel'];
export type UnitKind = Schemas['UnitKind'];
export type UnitBrief = Schemas['UnitBrief'];
export type PathStep = Schemas['PathStep'];
export type UnitHeader = Schemas['UnitHeader'];
// A unit as searches and the unit page list it: the unit, its kind, parent and state as of.
export type Unit = Schemas['UnitSummary'];
export type LineageUnit = Schemas['LineageUnit'];
export type UnitLineage = Schemas['UnitLineage'];
export type UnitDetail = Schemas['UnitDetail'];
// A list answer: {items, count}.
export interface ListOf<T> {
  items: T[];
  count: number;
}
export type Indicator = Schemas['Indicator'];
export type Field = Schemas['Field'];
export type Counts = Schemas['Counts'];
export type KindCounts = Schemas['KindCounts'];
export type TargetSummary = Schemas['TargetSummary'];
export type ObligationSummary = Schemas['ObligationSummary'];
export type Task = Schemas['Task'];
export type Recommendation = Schemas['Recommendation'];
export type OpenRecommendation = Schemas['OpenRecommendation'];
export type ReportCompleteness = Schemas['ReportCompleteness'];
export type DocumentJson = Schemas['Document'];
export type Overview = Schemas['Overview'];
export type Item = Schemas['Item'];
export type LinkedItem = Schemas['LinkedItem'];
export type TreeItem = Schemas['TreeItem'];
export type DocumentTree = Schemas['DocumentTree'];
export type CoverageItem = Schemas['ItemRef'];
export type Coverage = Schemas['Coverage'];
export type SeriesPoint = Schemas['SeriesPoint'];
export type TargetView = Schemas['TargetView'];
export type RebasedTarget = Schemas['RebasedTargetView'];
export type Evidence = Schemas['Evidence'];
export type AssignmentRow = Schemas['AssignmentRow'];
export type ObligationView = Schemas['ObligationView'];
export type ReportSections = Schemas['ReportSections'];
export type Report = Schemas['Report'];
export type ValueJson = Schemas['Value'];
export type ReportForm = Schemas['ReportForm'];
export type SubordinateReports = Schemas['SubordinateReports'];
export type Comment = Schemas['Comment'];
export type Inbox = Schemas['Inbox'];
export type InboxDuty = Schemas['InboxDuty'];
export type InboxReport = Schemas['InboxReport'];
export type Notice = Schemas['Notice'];
export type ObligationJson = Schemas['Obligation'];
export type ObligationCreate = Schemas['ObligationCreate'];
export type ObligationReach = Schemas['ObligationReach'];
export type RemindersSent = Schemas['RemindersSent'];
// How the units did in a period, and the leader's dashboard.
export type UnitsPerformance = Schemas['UnitsPerformance'];
export type UnitPerformance = Schemas['UnitPerformance'];
export type PerformanceFigures = Schemas['PerformanceFigures'];
export type PerformanceDuty = Schemas['PerformanceDuty'];
export type LeaderDashboard = Schemas['LeaderDashboard'];
export type LeaderDuty = Schemas['LeaderDuty'];
export type UserJson = Schemas['User'];
export type ApiToken = Schemas['ApiToken'];
export type AuditEntry = Schemas['AuditEntry'];
// The committee: its people and what each is in charge of.
export type Person = Schemas['Person'];
export type Responsibility = Schemas['Responsibility'];
export type Term = Schemas['Term'];
