import { App } from 'cdktf';
import { GuardsConfig } from '../config/guards-config';
import { GuardStack } from './guard-stack';

export interface GuardsAppOptions {
  /** Output folder. @default 'cdktf.out' */
  readonly outdir?: string;
}

/** One stack per (account, region) that the config lists. */
export function buildGuardsApp(config: GuardsConfig, options: GuardsAppOptions = {}): { app: App; stacks: GuardStack[] } {
  const app = new App({ outdir: options.outdir ?? 'cdktf.out', skipValidation: false });
  const stacks: GuardStack[] = [];
  for (const account of config.accounts) {
    for (const region of config.regions) {
      stacks.push(new GuardStack(app, { config, account, region }));
    }
  }
  return { app, stacks };
}
