import {css} from 'lit';

/**
 * The styles of the views that load on first use (`lazyView`): the consent,
 * the login and its outcome, the connected sources, the request form and the
 * question that confirms. Each such module brings them, and the widget adopts
 * them after its own when the first arrives, so that the first load carries
 * only what search needs. They stand after the widget's own, as they stood
 * in its sheet before.
 */
export const styles = css`
  .reference {
    display: block;
    margin-top: var(--_space);
    font-size: 0.875em;
  }
  .reference code {
    user-select: all;
    overflow-wrap: anywhere;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.875em;
  }
  .pair {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space);
    margin-bottom: calc(2 * var(--_space));
  }
  .pair-link {
    width: 32px;
    border-top: 2px dashed var(--_border);
  }

  .scopes {
    margin: 0 0 calc(2 * var(--_space));
    padding: 0;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 4px);
  }
  .scopes li {
    display: flex;
    flex-direction: column;
    padding: var(--_space) calc(1.5 * var(--_space));
  }
  .scopes li + li {
    border-top: 1px solid var(--_border);
  }
  .scope-label {
    font-weight: 600;
  }
  .scopes .choice {
    flex-direction: row;
    align-items: flex-start;
    gap: var(--_space);
  }
  .choice input {
    flex: none;
    width: 24px;
    height: 24px;
    min-height: 0;
    margin: 0;
    padding: 0;
    accent-color: var(--_brand);
  }
  .choice label {
    display: flex;
    flex-direction: column;
  }
  /* The consent's Allow and Decline stay in view while its list scrolls, on a small screen too. */
  .consent-actions {
    position: sticky;
    bottom: calc(-2 * var(--_space));
    margin-bottom: calc(-2 * var(--_space));
    padding-block: var(--_space) calc(2 * var(--_space));
    background: var(--_surface);
  }
  .scope-description,
  .fine-print {
    color: var(--_muted);
    font-size: 0.875em;
  }

  .connections {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .connection {
    cursor: default;
    border: 1px solid var(--_border);
    margin-bottom: var(--_space);
    /* Where the text would be squeezed (Reconnect beside Disconnect), the buttons go under it. */
    flex-wrap: wrap;
  }
  .connection-text {
    flex-basis: 12em;
  }
  .connection-actions {
    display: flex;
    gap: var(--_space);
    margin-inline-start: auto;
  }
  .progress-label {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  progress {
    width: 100%;
    height: 8px;
    margin-top: var(--_space);
    accent-color: var(--_brand);
  }

  .confirm {
    position: absolute;
    inset: auto var(--_space) var(--_space);
    padding: calc(2 * var(--_space));
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 30px rgb(0 0 0 / 0.3);
  }
`;
