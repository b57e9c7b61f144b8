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
  /** Worker processes running at the same time. */
  readonly workers: number;
  /**
   * Most stacks one worker process synthesizes before it exits. cdktf keeps every token it made
   * until the process ends, so memory grows with the stacks a process has made; a fresh process per
   * share keeps each one bounded. @default 800
   */
  readonly stacksPerProcess?: number;
  /** How many stacks the selection holds (to size the shares). */
  readonly stackCount: number;
  /** Stacks written so far, over all workers. */
  readonly onProgress?: (done: number) => void;
}

export interface ParallelSynthResult {
  readonly summaries: SynthesizedStackSummary[];
  /** The largest resident set of each worker process, in bytes; `workers` of them run at a time. */
  readonly workerPeakRssBytes: number[];
}

interface ShareResult {
  readonly summaries: SynthesizedStackSummary[];
  readonly manifest: ManifestFile;
  readonly peakRssBytes: number;
}

/**
 * Synthesizes the stacks in shares, each in a fresh worker process, `workers` at a time, so that a
 * large organization uses every core and no process grows without bound; then writes the one
 * manifest that lists every stack.
 */
export async function synthesizeInWorkers(options: ParallelSynthOptions): Promise<ParallelSynthResult> {
  const stacksPerProcess = options.stacksPerProcess ?? 800;
  // Equal shares, a multiple of the workers, so that the workers finish together.
  const shareCount = Math.ceil(Math.ceil(options.stackCount / stacksPerProcess) / options.workers) * options.workers;
  const doneByShare = new Array<number>(shareCount).fill(0);
  const results: ShareResult[] = [];
  let nextShare = 0;
  const runNextShares = async (): Promise<void> => {
    while (nextShare < shareCount) {
      const index = nextShare;
      nextShare += 1;
      results.push(
        await synthesizeShareInProcess(options, { index, count: shareCount }, (done) => {
          doneByShare[index] = done;
          options.onProgress?.(doneByShare.reduce((sum, count) => sum + count, 0));
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.workers, shareCount) }, runNextShares));

  const manifest: ManifestFile = { version: results[0].manifest.version, stacks: {} };
  for (const result of results) Object.assign(manifest.stacks, result.manifest.stacks);
  writeManifest(options.outdir, manifest);
  return {
    summaries: results.flatMap((result) => result.summaries),
    workerPeakRssBytes: results.map((result) => result.peakRssBytes),
  };
}

function synthesizeShareInProcess(
  options: ParallelSynthOptions,
  share: { index: number; count: number },
  onProgress: (done: number) => void,
): Promise<ShareResult> {
  // From source (tsx) the worker is a .ts file that tsx must load; in the built library, plain .js.
  const fromSource = path.extname(__filename) === '.ts';
  const workerFile = path.join(__dirname, `synth-worker${fromSource ? '.ts' : '.js'}`);
  return new Promise<ShareResult>((resolve, reject) => {
    const worker = fork(workerFile, [], { execArgv: fromSource ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        onProgress(message.done);
      } else if (message.type === 'result') {
        settled = true;
        resolve({ ...message.result, peakRssBytes: message.peakRssBytes });
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`synth worker of share ${share.index} exited with code ${code} before reporting`));
    });
    const request: WorkerRequest = {
      configFile: options.configFile,
      outdir: options.outdir,
      batchSize: options.batchSize,
      selection: options.selection,
      share,
    };
    worker.send(request);
  });
}
