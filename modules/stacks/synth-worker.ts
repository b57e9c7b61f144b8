/**
 * A worker process of a parallel synth: synthesizes one share of the stacks and sends back their
 * summaries and manifest entries. Started by parallel-synth.ts, never by hand.
 */
import { loadGuardsConfig } from '../config/load-guards-config';
import { StackSelection } from './org-plan';
import { synthesizeShare, withAllManifestEntries } from './synthesize';

export interface WorkerRequest {
  readonly configFile: string;
  readonly outdir: string;
  readonly batchSize: number;
  readonly selection: StackSelection;
  readonly share: { readonly index: number; readonly count: number };
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number }
  | { readonly type: 'result'; readonly result: ReturnType<typeof withAllManifestEntries>; readonly peakRssBytes: number }
  | { readonly type: 'error'; readonly message: string };

process.once('message', (request: WorkerRequest) => {
  const send = (message: WorkerMessage, then?: () => void) => process.send?.(message, undefined, {}, () => then?.());
  // The last message must be delivered before the channel closes.
  const finish = () => process.disconnect();
  try {
    const config = loadGuardsConfig(request.configFile);
    const result = synthesizeShare(config, {
      outdir: request.outdir,
      batchSize: request.batchSize,
      selection: request.selection,
      share: request.share,
      onProgress: (done) => send({ type: 'progress', done }),
    });
    // maxRSS is in kilobytes.
    send({ type: 'result', result: withAllManifestEntries(result), peakRssBytes: process.resourceUsage().maxRSS * 1024 }, finish);
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) }, finish);
  }
});
