// Removes the run's temporary folder (see global-setup.mjs).
export { tearDown as default } from './global-setup.mjs';
