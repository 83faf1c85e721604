// The router's Link, marking itself as the current page (aria-current="page") only when it leads
// to exactly the page shown: by default TanStack Router also marks a link to any page above it
// (/units while on /units/ba-thuoc), which a screen reader would announce as the page the user
// is on. Everything else is the router's own Link: typed `to`, `params` and `search`.
import { Link as RouterLink, type LinkComponent } from '@tanstack/react-router';

const EXACT = { exact: true } as const;

export const Link: LinkComponent<'a'> = (props) => <RouterLink activeOptions={EXACT} {...props} />;
