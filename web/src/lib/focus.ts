// Set when the user went to a new page in the app (src/routes.tsx); the next page heading takes
// the focus then (components/Page.tsx), so keyboard and screen-reader users start on the new
// page rather than on the old link.
let focusPending = false;

export function requestFocus(): void {
  focusPending = true;
}

export function takeFocusRequest(): boolean {
  const pending = focusPending;
  focusPending = false;
  return pending;
}
