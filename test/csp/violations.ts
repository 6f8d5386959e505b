/** Records every Content-Security-Policy violation on this page, for the test that frames it. */
const seen: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  seen.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
(window as unknown as {cspViolations: string[]}).cspViolations = seen;
