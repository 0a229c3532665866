/* global module */
// The import graph of src/ (checked by src/import-graph.test.ts, or `npm run check:imports`):
// no cycles, and every room imports only rooms below it. The building half (compile and what
// it stands on) sits wholly below the running half, so it never imports it.

/** Rooms from the bottom up: a room may import itself and the rooms before it, never after. */
const BUILDING = ['errors', 'fs', 'assets', 'dag', 'dsl', 'spec', 'images', 'config', 'resolve', 'steps', 'compile'];
const RUNNING = ['store', 'archive', 'payload-format', 'aws', 'registry', 'scripts', 'local', 'report', 'demo'];
const TOP = ['cli', 'index'];
const ROOMS = [...BUILDING, ...RUNNING, ...TOP];

/** The path pattern of a room: a folder under src/, or one file at the root of src/. */
const at = (room) => `^src/(${room}/|${room}\\.ts$)`;
const anyOf = (rooms) => `^src/(${rooms.map((r) => `${r}/|${r}\\.ts$`).join('|')})`;
const TESTS = '\\.test\\.ts$|/__fixtures__/|/test-support/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'a cycle made only of type imports does not exist at run time (a module and a zod-free helper sharing its types)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'building-imports-no-running',
      comment: 'compile and everything below it must load without the local runner, scripts, inventory, AWS, archive or store',
      severity: 'error',
      from: { path: anyOf(BUILDING), pathNot: TESTS },
      to: { path: anyOf([...RUNNING, ...TOP]) },
    },
    ...ROOMS.slice(0, -1).map((room, i) => ({
      name: `${room}-imports-no-room-above`,
      severity: 'error',
      from: { path: at(room), pathNot: TESTS },
      to: { path: anyOf(ROOMS.slice(i + 1)) },
    })),
    {
      name: 'kit-imports-no-step',
      comment: 'the step toolkit serves every step type, so it knows none of them',
      severity: 'error',
      from: { path: '^src/steps/kit/', pathNot: TESTS },
      to: { path: '^src/steps/(?!kit/)[^/]+/' },
    },
    {
      name: 'every-module-in-a-room',
      comment: 'a new folder under src/ must be given its place in ROOMS',
      severity: 'error',
      from: { path: '^src/', pathNot: `${anyOf(ROOMS)}|${TESTS}` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
