/**
 * A Vue 3 host app, written with render functions (`h()`), so that it needs
 * no template compiler. The same in a single-file component's template:
 *
 *     <button type="button" @click="connect">Connect your health data</button>
 *     <p role="status">{{ connected.length ? `Connected: ${connected.join(', ')}` : '' }}</p>
 *     <human-connect .token="session?.sessionToken" .apiBase="session?.apiBase" .open="open"
 *       @connect="onConnect" @close="onClose"></human-connect>
 *
 * and, so that Vue leaves the tag alone rather than looking for a component of that name
 * (in vite.config: `vue({template: {compilerOptions: {isCustomElement: (tag) => tag === 'human-connect'}}})`,
 * or with the runtime compiler: `app.config.compilerOptions.isCustomElement = (tag) => tag === 'human-connect'`).
 */
import {defineComponent, h, ref, type PropType} from 'vue';
// Apps import the package: `import 'human-connect';` (registers <human-connect>).
// Here it comes from the source, so that the example runs without a build.
import '../../src/human-connect.js';
import type {
  HumanConnectCloseEvent,
  HumanConnectConnectEvent,
} from '../../src/events.js';
import {
  hostServer,
  type HostServerApi,
  type HostSession,
} from '../shared/host-api.js';

export const App = defineComponent({
  name: 'App',
  props: {
    /** The app's server (default: `fetch` to `/api/human-connect/*`). */
    server: {
      type: Object as PropType<HostServerApi>,
      default: () => hostServer,
    },
  },
  setup(props) {
    const session = ref<HostSession | null>(null);
    const open = ref(false);
    const connected = ref<string[]>([]);
    const problem = ref('');
    let busy = false;
    // Asked for a fresh token if the current one expires while the widget is open.
    const tokenProvider = async () =>
      (await props.server.fetchSession()).sessionToken;

    async function connect() {
      if (busy) return;
      busy = true;
      problem.value = '';
      try {
        session.value = await props.server.fetchSession();
        open.value = true;
      } catch {
        problem.value = 'Could not reach the server. Try again.';
      } finally {
        busy = false;
      }
    }

    function forward(
      detail:
        HumanConnectConnectEvent['detail'] | HumanConnectCloseEvent['detail']
    ) {
      props.server
        .forward(detail)
        .catch(() => (problem.value = 'The server did not take the results.'));
    }

    function onConnect(event: HumanConnectConnectEvent) {
      for (const source of event.detail.sessionResults.connectedSources) {
        if (!connected.value.includes(source.name))
          connected.value.push(source.name);
      }
      forward(event.detail);
    }

    function onClose(event: HumanConnectCloseEvent) {
      open.value = false;
      forward(event.detail);
    }

    return () =>
      h('main', [
        h('h1', 'Acme Health Coach'),
        h('p', 'See all your health records in one place. (Vue.)'),
        h(
          'button',
          {type: 'button', onClick: connect},
          'Connect your health data'
        ),
        h(
          'p',
          {role: 'status'},
          connected.value.length
            ? `Connected: ${connected.value.join(', ')}`
            : ''
        ),
        problem.value ? h('p', {role: 'alert'}, problem.value) : null,
        // `.name` binds a DOM property (not an attribute); `onConnect` listens to `connect`.
        h('human-connect', {
          '.token': session.value?.sessionToken,
          '.apiBase': session.value?.apiBase,
          '.open': open.value,
          '.tokenProvider': tokenProvider,
          onConnect,
          onClose,
        }),
      ]);
  },
});
