/** The page's stylesheet (inline: no build step, no external requests). */
export const PAGE_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1d232b; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.sub { color: #5b6570; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
th { background: #f4f6f8; font-weight: 600; }
code { font: 12px ui-monospace, monospace; }
.status { display: inline-block; padding: .05rem .5rem; border-radius: .75rem; font-size: 12px; font-weight: 600; }
.status-REGISTERED { background: #d9f2e1; color: #17612f; }
.status-FAILED { background: #fbe0e0; color: #8a1c1c; }
.status-PENDING, .status-VALIDATING { background: #fff2cc; color: #7a5a00; }
.reason { color: #8a1c1c; white-space: pre-wrap; }
.empty { color: #5b6570; font-style: italic; }
`;
