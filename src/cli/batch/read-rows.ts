/**
 * Batch input: NDJSON (one JSON object per line) or CSV (a header row; `text.body`-style column names
 * build nested objects, and cells holding JSON objects or arrays are parsed). Empty cells are left out.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../exit-codes.js';
import { parseJsonText } from '../json-text.js';

export interface BatchRow {
  /** 1-based row number (data rows; a CSV header is not counted). */
  row: number;
  input?: Record<string, unknown>;
  /** Why the row could not be read. */
  problem?: string;
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  if (parts.some((p) => UNSAFE.has(p) || p === '')) throw new Error(`column "${path}" is not a field name`);
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function cell(value: string): unknown {
  const t = value.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

export function readRows(file: string): BatchRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--batch ${file}: ${(error as Error).message}`);
  }
  if (/\.csv$/i.test(file)) {
    let records: Record<string, string>[];
    try {
      records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: false }) as Record<string, string>[];
    } catch (error) {
      throw new UsageError(`--batch ${file}: not valid CSV: ${(error as Error).message}`);
    }
    return records.map((rec, i) => {
      const input: Record<string, unknown> = {};
      try {
        for (const [k, v] of Object.entries(rec)) if (v !== '' && v !== undefined) setPath(input, k.trim(), cell(v));
        return { row: i + 1, input };
      } catch (error) {
        return { row: i + 1, problem: (error as Error).message };
      }
    });
  }
  if (!/\.(nd)?jsonl?$/i.test(file)) throw new UsageError(`--batch ${file}: use a .csv or .ndjson file`);
  const rows: BatchRow[] = [];
  let n = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    n++;
    try {
      const value = parseJsonText(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) rows.push({ row: n, problem: 'the line is not a JSON object' });
      else rows.push({ row: n, input: value as Record<string, unknown> });
    } catch (error) {
      rows.push({ row: n, problem: (error as Error).message });
    }
  }
  return rows;
}
