/**
 * `human-connect/react`: `<HumanConnect>` for React, made with @lit/react.
 * Properties pass straight to the element (so `tokenProvider` works), and
 * the element's events become typed callback props:
 *
 *     <HumanConnect token={token} apiBase={apiBase} open={open}
 *       onConnect={(e) => save(e.detail)} onClose={() => setOpen(false)} />
 *
 * Importing this module registers `<human-connect>`.
 */
import * as React from 'react';
import {createComponent, type EventName} from '@lit/react';
import {HumanConnectElement} from './human-connect.js';
import type {
  HumanConnectCloseEvent,
  HumanConnectConnectEvent,
  HumanConnectDisconnectEvent,
  HumanConnectErrorEvent,
  HumanConnectStepEvent,
} from './events.js';

export const HumanConnect = createComponent({
  react: React,
  tagName: 'human-connect',
  elementClass: HumanConnectElement,
  events: {
    onConnect: 'connect' as EventName<HumanConnectConnectEvent>,
    onDisconnect: 'disconnect' as EventName<HumanConnectDisconnectEvent>,
    onClose: 'close' as EventName<HumanConnectCloseEvent>,
    onError: 'error' as EventName<HumanConnectErrorEvent>,
    onStep: 'step' as EventName<HumanConnectStepEvent>,
  },
  displayName: 'HumanConnect',
});

export type * from './element.js';
