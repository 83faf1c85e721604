// The demo's users the browser tests sign in as (README, "The demo"); each overridable.
const DEMO_PASSWORD = 'nqtrack-demo-2021';

export interface Credentials {
  login: string;
  password: string;
}

function user(prefix: string, login: string): Credentials {
  return { login: process.env[`${prefix}_LOGIN`] ?? login, password: process.env[`${prefix}_PASSWORD`] ?? DEMO_PASSWORD };
}

// Reads all three districts for the browsing paths.
export const BROWSER = user('NQ_UI_BROWSER', 'admin');
// Enters the commune's report and raises, answers and closes recommendations.
export const EDITOR = user('NQ_UI', 'ba-thuoc.editor');
// Reviews it.
export const REVIEWER = user('NQ_UI_REVIEWER', 'ba-thuoc.reviewer');
// A committee member (Bình Đại, in charge of the economy): lands on the leader's dashboard.
export const LEADER = user('NQ_UI_LEADER', 'binh-dai.leader');
// Manages Bá Thước and its communes: adds users and grants roles there, no higher than manager.
export const MANAGER = user('NQ_UI_MANAGER', 'ba-thuoc.manager');
// Manages Bình Đại: keeps its committee's responsibilities and links its users to its members.
export const BD_MANAGER = user('NQ_UI_BD_MANAGER', 'binh-dai.manager');
