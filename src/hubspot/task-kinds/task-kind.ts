/**
 * The whole description of one HubSpot async-task kind: its workflow-safe facts (`../../common/task-kinds/`) plus what
 * the HTTP side needs: the status reader, the start body, and the route labels of the `hubspot_requests` metric.
 */
import type { TaskKindFacts } from '../../common/task-kinds/task-kind-facts';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';

/** One kind, as the activities use it. `R` is what a COMPLETE task produces. */
export interface TaskKind<R = unknown> extends TaskKindFacts {
  /**
   * Reads a parsed status body tolerantly (`../schemas/task-status.ts`).
   *
   * @throws `HubSpotInvalidResponse` naming the field and the value.
   */
  parseStatus(body: unknown, expectedTaskId: string): HubSpotAsyncTaskStatus<R>;
  /** HubSpot's POST body for a start input that `validateStart` returned. */
  startBody(valid: unknown): unknown;
  /** What the start is, for messages and logs: `POST CRM export 'Q3 contacts'`. No secret: inputs hold none. */
  startOperation(valid: unknown): string;
  /** The `route` label of the status GET in `hubspot_requests`. */
  statusRoute: string;
  /** The `route` label of the start POST in `hubspot_requests`. */
  startRoute: string;
}
