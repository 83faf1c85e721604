import { describe, expect, it } from 'vitest';
import { completionTone, statusKey, targetTally, toneOf } from './status';

describe('status colours', () => {
  it('follows the office convention for assignments', () => {
    expect(toneOf('assignment', 'done_on_time')).toBe('green');
    expect(toneOf('assignment', 'in_progress')).toBe('blue');
    expect(toneOf('assignment', 'done_late')).toBe('orange');
    expect(toneOf('assignment', 'overdue')).toBe('red');
    expect(toneOf('assignment', 'not_started')).toBe('grey');
  });
  it('colours target statuses', () => {
    expect(toneOf('target', 'achieved')).toBe('green');
    expect(toneOf('target', 'on_track')).toBe('blue');
    expect(toneOf('target', 'at_risk')).toBe('orange');
    expect(toneOf('target', 'off_track')).toBe('red');
    expect(toneOf('target', 'no_data')).toBe('grey');
    expect(toneOf('target', 'not_reached')).toBe('red');
    expect(toneOf('target', 'not_applicable')).toBe('grey');
  });
  it('leaves targets with nothing to achieve out of the counts; not reached is behind', () => {
    expect(targetTally(['achieved', 'on_track', 'at_risk', 'off_track', 'not_reached', 'not_applicable', 'no_data']))
      .toEqual({ onTrack: 2, behind: 3, notApplicable: 1 });
  });
  it('colours reports and recommendations, unknown as grey', () => {
    expect(toneOf('report', 'accepted')).toBe('green');
    expect(toneOf('report', 'returned')).toBe('orange');
    expect(toneOf('recommendation', 'overdue')).toBe('red');
    expect(toneOf('report', 'archived')).toBe('grey');
  });
  it('names the label key', () => {
    expect(statusKey('target', 'on_track')).toBe('status.target.on_track');
  });
  it('colours completion: all on time green, any overdue red, late orange', () => {
    expect(completionTone({ expected: 43, done: 43, late: 0, overdue: 0 })).toBe('green');
    expect(completionTone({ expected: 43, done: 35, late: 4, overdue: 8 })).toBe('red');
    expect(completionTone({ expected: 43, done: 43, late: 4, overdue: 0 })).toBe('orange');
    expect(completionTone({ expected: 43, done: 10, late: 0, overdue: 0 })).toBe('blue');
    expect(completionTone({ expected: 43, done: 0, late: 0, overdue: 0 })).toBe('grey');
  });
});
