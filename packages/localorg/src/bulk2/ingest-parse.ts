import { COLUMN_DELIMITERS, CsvError, CsvReader, firstLineEnding } from './csv.ts';
import type { IngestJob } from './job-info.ts';

/** The job cannot be processed at all; it ends Failed with this message. */
export class JobFailure extends Error {}

/** Records parsed per slice: about 10 ms of work, after which an async caller yields. */
const PARSE_SLICE = 20_000;

export interface ParsedData {
  /** Empty when nothing was uploaded (no upload, or only empty ones). */
  header: string[];
  rows: string[][];
}

/**
 * Header and rows of every upload (each repeats the same header), one slice per step. The
 * generator lets the processor yield to the event loop between slices and results read the same
 * data synchronously.
 */
function* parseSlices(job: IngestJob): Generator<void, ParsedData> {
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  let header: string[] | null = null;
  const rows: string[][] = [];
  for (const upload of job.uploads) {
    const ending = firstLineEnding(upload);
    if (ending !== null && ending !== job.lineEnding) {
      throw new JobFailure(
        `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`,
      );
    }
    const reader = new CsvReader(upload, delimiter, job.lineEnding);
    let first = true;
    while (!reader.done) {
      const records = readSlice(reader);
      let r = 0;
      if (first && records.length > 0) {
        first = false;
        r = 1;
        if (header === null) header = records[0];
        else if (records[0].join('\u0000').toLowerCase() !== header.join('\u0000').toLowerCase()) {
          throw new JobFailure('InvalidBatch : Every upload to a job must have the same header row');
        }
      }
      for (; r < records.length; r++) {
        if (records[r].length !== header!.length) {
          throw new JobFailure(
            `ClientInputError : Row ${rows.length + 1} has ${records[r].length} columns but the header has ${header!.length}`,
          );
        }
        rows.push(records[r]);
      }
      yield;
    }
  }
  // Salesforce completes a job with nothing to load (no upload, an empty one, or a header alone) with
  // zero records processed rather than failing it.
  return { header: header ?? [], rows };
}

function readSlice(reader: CsvReader): string[][] {
  try {
    return reader.read(PARSE_SLICE);
  } catch (error) {
    if (error instanceof CsvError) throw new JobFailure(`ClientInputError : ${error.message}`);
    throw error;
  }
}

/** Parses the uploads in one go (result files of a job aborted before processing). */
export function parseUploads(job: IngestJob): ParsedData {
  const steps = parseSlices(job);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Parses the uploads, calling `pause` between slices so a large upload does not stall the server. */
export async function parseUploadsPausing(job: IngestJob, pause: () => Promise<unknown>): Promise<ParsedData> {
  const steps = parseSlices(job);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
