/** The Logs page's pure parts: a line's details (request, endpoint, model, other fields as key=value) and times with ms. */
import { describe, expect, it } from 'vitest';
import type { LogEntryDTO } from '../../../src-main/admin/types.js';
import { createFormat, NONE } from '../../../src-renderer/lib/format.js';
import { FIELD_MAX, fieldValue, logDetails, shorten } from '../../../src-renderer/lib/log-entry.js';

const base: LogEntryDTO = { time: '2026-03-10T12:00:00.042Z', level: 'warn', component: 'gateway', msg: 'upstream attempt failed: Box: HTTP 500' };

describe('logDetails', () => {
  it('picks out the request, endpoint and model, and lists the other fields in order', () => {
    const d = logDetails({
      ...base,
      request_id: 'r-1',
      endpoint_id: 'e1',
      endpoint_name: 'Box',
      model: 'llama3.2:1b',
      status: 500,
      reason: 'HTTP 500 from upstream',
      retrying: false,
    });
    expect(d.requestId).toBe('r-1');
    expect(d.endpoint).toEqual({ id: 'e1', name: 'Box' });
    expect(d.model).toBe('llama3.2:1b');
    expect(d.fields.map((f) => `${f.key}=${f.text}`)).toEqual(['status=500', 'reason="HTTP 500 from upstream"', 'retrying=false']);
  });

  it('has nothing to add for a bare line', () => {
    expect(logDetails(base)).toEqual({ requestId: null, endpoint: null, model: null, fields: [] });
  });

  it('shows the endpoint id when the name is missing (no link without an id)', () => {
    expect(logDetails({ ...base, endpoint_id: 'e9' }).endpoint).toEqual({ id: 'e9', name: 'e9' });
    expect(logDetails({ ...base, endpoint_name: 'Only a name' }).endpoint).toEqual({ id: null, name: 'Only a name' });
    // The debug line of a request no endpoint took carries endpoint_id: null.
    expect(logDetails({ ...base, endpoint_id: null, endpoint_name: null } as unknown as LogEntryDTO).endpoint).toBeNull();
  });

  it('keeps every field value on one line and shortens long ones, keeping the whole value for the tooltip', () => {
    const long = 'x'.repeat(FIELD_MAX + 50);
    const [field] = logDetails({ ...base, stack: long }).fields;
    expect(field!.text).toHaveLength(FIELD_MAX);
    expect(field!.text.endsWith('…')).toBe(true);
    expect(field!.full).toBe(long);
  });
});

describe('fieldValue', () => {
  it('writes values the way logfmt does', () => {
    expect(fieldValue('ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(fieldValue('connect ECONNREFUSED 127.0.0.1:9')).toBe('"connect ECONNREFUSED 127.0.0.1:9"');
    expect(fieldValue('a=b')).toBe('"a=b"');
    expect(fieldValue('')).toBe('""');
    expect(fieldValue('line one\n  line two')).toBe('"line one line two"');
    expect(fieldValue(12.5)).toBe('12.5');
    expect(fieldValue(null)).toBe('null');
    expect(fieldValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });

  it('shortens with an ellipsis only past the limit', () => {
    expect(shorten('abc', 3)).toBe('abc');
    expect(shorten('abcd', 3)).toBe('ab…');
  });
});

describe('timeMs', () => {
  it('shows the time of day with milliseconds, in English and Japanese', () => {
    for (const locale of ['en', 'ja']) {
      expect(createFormat(locale).timeMs('2026-03-10T12:00:00.042Z')).toMatch(/^\d{2}:\d{2}:\d{2}\.042$/);
      expect(createFormat(locale).timeMs('not a time')).toBe(NONE);
    }
  });
});
