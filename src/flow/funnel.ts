/**
 * Which `step` event a step of the flow is, for the host's funnel (events.ts, `ConnectStep`).
 * The acts that are not views of their own (`select-source`, `decline`, `request-sent`, `close`)
 * are told where they happen; `open` when the widget opens, so `loading` tells nothing (a retry
 * of the session read is not a new opening).
 */
import type {ConnectStep, StepDetail} from '../events.js';
import type {Step} from './steps.js';

/** What a step tells besides its name. */
export type StepFacts = Pick<
  StepDetail,
  'sourceId' | 'resultCount' | 'errorCode' | 'requestId'
>;

/** The steps whose name is not the event's (`''`: none); the others' is (`search`, `consent`, …). */
const NAMES: Partial<Record<Step['name'], ConnectStep | ''>> = {
  'session-error': 'error',
  'token-error': 'error',
  'return-refused': 'error',
  'source-error': 'error',
  'connect-error': 'login-failed',
  request: 'request-form',
  // (a repair is part of the connected sources: its login's steps are a new one's)
  reconnect: 'connections',
  loading: '',
  closed: '',
};

/** While signing in: `creating` is the Allow that started it; a redirect or an app's login is waited for as a popup is. */
const PHASES = {
  creating: 'allow',
  blocked: 'popup-blocked',
  closed: 'popup-closed',
} as const;

export function funnelStep(step: Step): [ConnectStep, StepFacts] | undefined {
  const name =
    step.name === 'authorizing'
      ? ((PHASES as Record<string, ConnectStep>)[step.phase] ?? 'login-waiting')
      : (NAMES[step.name] ?? (step.name as ConnectStep));
  if (!name) return undefined;
  const error = 'error' in step ? step.error : undefined;
  return [
    name,
    {
      sourceId: 'source' in step ? step.source?.id : undefined,
      errorCode: 'code' in step ? step.code : error?.code,
      requestId: error && 'requestId' in error ? error.requestId : undefined,
    },
  ];
}
