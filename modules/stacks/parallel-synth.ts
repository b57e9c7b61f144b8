import { fork } from 'node:child_process';
import * as path from 'node:path';
import { ManifestFile, SynthesizedStackSummary, writeManifest } from './synthesize';
import { StackSelection } from './org-plan';
import { WorkerMessage, WorkerRequest } from './synth-worker';

export interface ParallelSynthOptions {
  readonly configFile: string;
  readonly outdir: string;
  readonly selection: StackSelection;
  readonly batchSize: number;
  /** Worker processes; each takes every n-th stack. */
  readonly workers: number;
  /** Stacks written so far, over all workers. */
  readonly onProgress?: (done: number) => void;
}

export interface ParallelSynthResult {
  readonly summaries: SynthesizedStackSummary[];
  /** The largest resident set of each worker, in bytes: they run at the same time, so they add up. */
  readonly workerPeakRssBytes: number[];
}

/**
 * Synthesizes the stacks in worker processes, one share each, so that a large organization uses
 * every core; then writes the one manifest that lists every stack.
 */
export async function synthesizeInWorkers(options: ParallelSynthOptions): Promise<ParallelSynthResult> {
  const workerFile = path.join(__dirname, 'synth-worker.ts');
  const doneByWorker = new Array<number>(options.workers).fill(0);
  const results = await Promise.all(
    Array.from({ length: options.workers }, (_, index) =>
      new Promise<{ summaries: SynthesizedStackSummary[]; manifest: ManifestFile; peakRssBytes: number }>((resolve, reject) => {
        const worker = fork(workerFile, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        let settled = false;
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'progress') {
            doneByWorker[index] = message.done;
            options.onProgress?.(doneByWorker.reduce((sum, done) => sum + done, 0));
          } else if (message.type === 'result') {
            settled = true;
            resolve({ ...message.result, peakRssBytes: message.peakRssBytes });
          } else {
            settled = true;
            reject(new Error(message.message));
          }
        });
        worker.on('exit', (code) => {
          if (!settled) reject(new Error(`synth worker ${index} exited with code ${code} before reporting`));
        });
        const request: WorkerRequest = {
          configFile: options.configFile,
          outdir: options.outdir,
          batchSize: options.batchSize,
          selection: options.selection,
          share: { index, count: options.workers },
        };
        worker.send(request);
      }),
    ),
  );
  const manifest: ManifestFile = { version: results[0].manifest.version, stacks: {} };
  for (const result of results) Object.assign(manifest.stacks, result.manifest.stacks);
  writeManifest(options.outdir, manifest);
  return {
    summaries: results.flatMap((result) => result.summaries),
    workerPeakRssBytes: results.map((result) => result.peakRssBytes),
  };
}
