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
.status-Approved { background: #d9f2e1; color: #17612f; }
.status-Rejected { background: #fbe0e0; color: #8a1c1c; }
.status-PendingManualApproval { background: #fff2cc; color: #7a5a00; }
.tags { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; }
.tag { background: #eef1f4; border-radius: .25rem; padding: 0 .35rem; font-size: 12px; }
.alias { background: #e4ecfb; color: #1f3f86; border-radius: .25rem; padding: 0 .35rem; font-size: 12px; font-weight: 600; }
.version { border: 1px solid #e3e7eb; border-radius: .4rem; padding: .25rem 1rem 1rem; margin: 1rem 0; }
.version h3 { font-size: 1rem; } .version h4 { font-size: .9rem; margin: .9rem 0 .3rem; }
.approval-reason { display: block; color: #3d4650; white-space: pre-wrap; margin-top: .25rem; }
.lineage { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
.lineage dt { color: #5b6570; } .lineage dd { margin: 0; }
.metrics, .card-source { background: #f4f6f8; padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
.card { border-left: 3px solid #cbd3db; padding-left: .75rem; }
#audit td.before code, #audit td.after code { white-space: pre-wrap; word-break: break-word; }
`;
