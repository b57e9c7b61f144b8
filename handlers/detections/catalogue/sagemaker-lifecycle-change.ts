import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** A SageMaker notebook's lifecycle configuration set or changed: its script runs at every start. */
export const sagemakerLifecycleChange = defineDetection({
  id: 'sagemaker-lifecycle-change',
  title: 'SageMaker notebook lifecycle script changed',
  why: "A lifecycle script runs as root with the notebook's role each time the notebook starts.",
  scope: 'regional',
  eventSource: 'sagemaker.amazonaws.com',
  eventNames: ['UpdateNotebookInstance', 'CreateNotebookInstanceLifecycleConfig', 'UpdateNotebookInstanceLifecycleConfig'],
  cis: [],
  stratus: ['aws.execution.sagemaker-update-lifecycle-config'],
  severity: 'medium',
  describe: (record) =>
    resourceFacts(record, 'notebook or lifecycle config', ['notebookInstanceName', 'notebookInstanceLifecycleConfigName', 'lifecycleConfigName']),
});
