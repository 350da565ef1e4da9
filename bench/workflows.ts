/** The bench worker's workflows: the package's, plus the infrequent-polling pattern. Workflow code. */
export * from '../src/workflows';
export { infrequentPollingAwait } from './infrequent-polling-workflow';
