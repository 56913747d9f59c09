// Timestamps and dates as the events service accepts them.
import { addDays, datesFrom, daysCovered, fromSpacedUtcTime, isDate, isSpacedUtcTime, isUtcTimestamp } from '#shared/events/time';

describe('isUtcTimestamp', () => {
  it.each(['2017-11-02T17:59:39Z', '2016-02-29T00:00:00Z', '1999-12-31T23:59:59Z'])('accepts %s', (value) => {
    expect(isUtcTimestamp(value)).toBe(true);
  });

  it.each([
    '2017-11-02T17:59:39',
    '2017-11-02T17:59:39+00:00',
    '2017-11-02 17:59:39Z',
    '2017-11-02T17:59:39.123Z',
    '2017-02-29T00:00:00Z',
    '2017-11-02T24:00:00Z',
    '2017-11-02T23:60:00Z',
    '2017-11-02',
    '1509645579',
  ])('refuses %s', (value) => {
    expect(isUtcTimestamp(value)).toBe(false);
  });
});

describe('isSpacedUtcTime (a range bound as the original API took it)', () => {
  it.each([
    ['2017-10-28 00:00:00', '2017-10-28T00:00:00Z'],
    ['2016-02-29 23:59:59', '2016-02-29T23:59:59Z'],
  ])('accepts %s as %s', (value, timestamp) => {
    expect(isSpacedUtcTime(value)).toBe(true);
    expect(fromSpacedUtcTime(value)).toBe(timestamp);
  });

  it.each(['2017-10-28T00:00:00Z', '2017-10-28 00:00', '2017-10-28  00:00:00', '2017-10-28 00:00:00Z', '2017-02-29 00:00:00', '2017-10-28 24:00:00', ' 2017-10-28 00:00:00'])(
    'refuses %p',
    (value) => expect(isSpacedUtcTime(value)).toBe(false),
  );
});

describe('isDate', () => {
  it('accepts a real date and refuses an impossible one', () => {
    expect(isDate('2016-02-29')).toBe(true);
    expect(isDate('2017-02-29')).toBe(false);
    expect(isDate('2017-2-1')).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('crosses months and years', () => {
    expect(addDays('2017-12-31', 1)).toBe('2018-01-01');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
  });

  it('counts the days of a range with both ends included', () => {
    expect(daysCovered('2017-11-02', '2017-11-02')).toBe(1);
    expect(daysCovered('2017-01-01', '2017-12-31')).toBe(365);
    expect(datesFrom('2017-10-30', '2017-11-02')).toEqual(['2017-10-30', '2017-10-31', '2017-11-01', '2017-11-02']);
  });

  it('writes every day from 1900 to 2100 as the calendar has it, leap days included, and none when from is after to', () => {
    const days = datesFrom('1900-01-01', '2100-12-31');
    const expected = Array.from({ length: days.length }, (_, day) => new Date(Date.UTC(1900, 0, 1 + day)).toISOString().slice(0, 10));
    expect(days).toEqual(expected);
    expect(days.at(-1)).toBe('2100-12-31');
    expect(days).toContain('2000-02-29');
    expect(days).not.toContain('1900-02-29');
    expect(addDays('0999-12-31', 1)).toBe('1000-01-01');
    expect(datesFrom('2017-11-02', '2017-11-01')).toEqual([]);
  });
});
