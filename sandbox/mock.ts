/**
 * `human-connect/mock`: the sandbox's msw handlers and controls, for integrators' own tests
 * (Vitest, Jest, web-test-runner, node:test). msw is the integrator's own (a peer dependency):
 * their `setupServer` or `setupWorker` must see handlers made by the same msw.
 *
 * ```ts
 * import {setupServer} from 'msw/node';
 * import {createConnectService} from 'human-connect/mock';
 * const service = createConnectService({apiBase, loginUrl});
 * const server = setupServer(...service.handlers);
 * ```
 *
 * Only what runs in both Node and the browser: the HTTP server (the `human-connect-sandbox` bin)
 * and the starters under sandbox/ stay out.
 */
export {
  createConnectService,
  signNotification,
  SIGNATURE_HEADER,
  MOCK_APP,
  MOCK_CHANNEL_NAME,
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_CLIENT_USER_ID,
  MOCK_CONSENT,
  MOCK_EXPIRED_TOKEN,
  MOCK_LOCKED_USERNAME,
  MOCK_LOGIN,
  MOCK_SESSION_TOKEN,
  MOCK_USER_ID,
  SCENARIOS,
  SEEDED_SOURCE_NAME,
} from './connect-service.js';
export type {
  AddRecordsOptions,
  Clock,
  ConditionRecord,
  ConnectService,
  ConnectServiceOptions,
  ConnectServiceState,
  DataRecord,
  DeliveryAttempt,
  FailRule,
  LoggedRequest,
  LoginOutcome,
  MedicationRecord,
  Notification,
  NotificationType,
  Profile,
  RecordKind,
  SandboxConnection,
  Scenario,
  ScenarioInfo,
  ScenarioName,
  TestResultRecord,
} from './connect-service.js';
