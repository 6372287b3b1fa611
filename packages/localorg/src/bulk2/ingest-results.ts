import { COLUMN_DELIMITERS, LINE_ENDINGS, minimallyQuoted, quoted } from './csv.ts';
import { JobFailure, parseUploads } from './ingest-parse.ts';
import type { IngestJob } from './job-info.ts';

export type ResultKind = 'successful' | 'failed' | 'unprocessed';

/**
 * The three result files of an ingest job. Salesforce echoes the client's header cells as sent
 * and quotes every value: `"sf__Id","sf__Created",Name` then `"001…","true","Acme"`. Rows keep
 * upload order; the job's delimiter and line ending apply.
 */
export function resultsCsv(job: IngestJob, kind: ResultKind): string {
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  const eol = LINE_ENDINGS[job.lineEnding];
  const source = dataOf(job);
  if (typeof source === 'string') return kind === 'unprocessed' ? source : `"sf__Id"${delimiter}${second(kind)}${eol}`;
  const original = source.header.map((h) => minimallyQuoted(h, delimiter));
  const lines: string[] = [];
  if (kind === 'unprocessed') {
    if (source.header.length === 0) return '';
    lines.push(original.join(delimiter));
    for (let r = job.numberRecordsProcessed; r < source.rows.length; r++)
      lines.push(valuesLine(source.rows[r], delimiter));
  } else {
    lines.push(['"sf__Id"', second(kind), ...original].join(delimiter));
    job.outcomes.forEach((outcome, r) => {
      if ((outcome.error === null) !== (kind === 'successful')) return;
      const extra = kind === 'successful' ? (outcome.created ? '"true"' : '"false"') : quoted(outcome.error ?? '');
      lines.push(`${quoted(outcome.id)}${delimiter}${extra}${delimiter}${valuesLine(source.rows[r], delimiter)}`);
    });
  }
  return lines.join(eol) + eol;
}

const second = (kind: ResultKind) => (kind === 'successful' ? '"sf__Created"' : '"sf__Error"');

function valuesLine(row: string[], delimiter: string): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : delimiter) + quoted(row[i]);
  return line;
}

/**
 * The job's data: parsed when processing started, or now for a job aborted before that (all its
 * rows are then unprocessed). Data that cannot be parsed is returned as sent.
 */
function dataOf(job: IngestJob): { header: string[]; rows: string[][] } | string {
  if (job.header !== null) return { header: job.header, rows: job.rows };
  if (job.uploads.length === 0) return '';
  try {
    return parseUploads(job);
  } catch (error) {
    if (error instanceof JobFailure) return job.uploads.join('');
    throw error;
  }
}
