// The UI's stylesheet, served at /ui/app.css. Kept in the server package (not the browser build) so the
// agent can style its login page even when the browser modules are not built.
export const APP_CSS = `
:root {
  --bg: #f6f7f9; --panel: #fff; --ink: #1d2330; --muted: #667085; --line: #e2e5ea; --accent: #3b5bdb;
  --ok: #2f9e44; --warn: #f08c00; --alert: #e03131; --nodata: #868e96; --mono: ui-monospace, SFMono-Regular, Menlo, monospace;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
button, select, input, textarea { font: inherit; color: inherit; }
button { border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: .5; cursor: default; }
input, select, textarea { border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; background: var(--panel); }
textarea { font-family: var(--mono); font-size: 12.5px; width: 100%; min-height: 480px; }
.boot { padding: 2em; color: var(--muted); }
.error { color: var(--alert); }
.muted { color: var(--muted); }
.hidden { display: none !important; }

header.top { display: flex; align-items: center; gap: 18px; padding: 8px 18px; background: #1d2330; color: #fff; }
header.top .brand { font-weight: 700; letter-spacing: .02em; }
header.top nav a { color: #cfd6e4; padding: 4px 8px; border-radius: 6px; }
header.top nav a.active { background: #344056; color: #fff; }
header.top .spacer { flex: 1; }
main.page { padding: 14px 18px 40px; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 12px; }
.toolbar h1 { font-size: 18px; margin: 0 12px 0 0; }
.toolbar label { color: var(--muted); font-size: 12px; display: flex; align-items: center; gap: 4px; }
.toolbar select { max-width: 240px; }

.row { margin-bottom: 18px; }
.row > h2 { font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 12px; }
.widget.table { grid-column: span 2; overflow-x: auto; }
.widget { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-height: 120px; position: relative; }
.widget h3 { font-size: 13px; margin: 0 0 6px; display: flex; gap: 6px; align-items: baseline; }
.widget h3 .unit { color: var(--muted); font-weight: 400; font-size: 12px; }
.widget .empty { color: var(--muted); padding: 30px 0; text-align: center; }
.widget.value .big { font-size: 34px; font-weight: 600; padding: 8px 0; }
.widget.value .big.warn { color: var(--warn); } .widget.value .big.alert { color: var(--alert); } .widget.value .big.ok { color: var(--ok); }
.widget .u-legend { font-size: 11.5px; max-height: 110px; overflow-y: auto; display: block; }
.widget .u-legend .u-series th { font-weight: 500; }
.pivot-menu { position: absolute; z-index: 5; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.12); padding: 6px; display: flex; flex-direction: column; gap: 2px; min-width: 220px; }
.pivot-menu a { padding: 4px 8px; border-radius: 4px; }
.pivot-menu a:hover { background: var(--bg); text-decoration: none; }
.pivot-menu .muted { padding: 2px 8px; font-size: 12px; }

table.data { width: 100%; border-collapse: collapse; font-size: 13px; }
table.data th { text-align: left; color: var(--muted); font-weight: 500; border-bottom: 1px solid var(--line); padding: 4px 6px; }
table.data td { border-bottom: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
table.data tr.clickable { cursor: pointer; }
table.data tr.clickable:hover td { background: #f0f3ff; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }

.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11.5px; font-weight: 600; color: #fff; background: var(--nodata); }
.badge.OK, .badge.ok { background: var(--ok); } .badge.WARN, .badge.warn { background: var(--warn); }
.badge.ALERT, .badge.alert, .badge.error, .badge.fatal, .badge.STOP, .badge.ERR, .badge.STALL { background: var(--alert); }
.badge.info, .badge.debug, .badge.trace { background: #4c6ef5; }

.split { display: grid; grid-template-columns: 240px 1fr; gap: 14px; }
.facets { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px; align-self: start; }
.facets h4 { margin: 8px 0 4px; font-size: 12px; text-transform: uppercase; color: var(--muted); }
.facets label { display: flex; gap: 6px; align-items: center; font-size: 13px; padding: 1px 0; }
.facets label .count { margin-left: auto; color: var(--muted); font-size: 12px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
table.logs td:first-child { white-space: nowrap; width: 1%; }
.log-line td.message { font-family: var(--mono); font-size: 12.5px; white-space: pre-wrap; word-break: break-word; }
.details { background: #fbfbfd; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 6px 0; }
.details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: 12.5px; }
.details dt { color: var(--muted); }
.details dd { margin: 0; font-family: var(--mono); word-break: break-all; white-space: pre-wrap; }

.flame { position: relative; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); overflow: hidden; }
.flame .ruler { position: relative; height: 20px; border-bottom: 1px solid var(--line); font-size: 11px; color: var(--muted); }
.flame .ruler span { position: absolute; top: 3px; transform: translateX(-50%); white-space: nowrap; }
.flame .lanes { position: relative; }
.flame .span-bar { position: absolute; height: 20px; border-radius: 3px; font-size: 11.5px; line-height: 20px; padding: 0 4px; color: #fff; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; cursor: pointer; border: 1px solid rgba(0,0,0,.15); }
.flame .span-bar.error { outline: 2px solid var(--alert); }
.flame .span-bar.selected { box-shadow: 0 0 0 2px #000; }
.flame .service-label { position: absolute; left: 4px; font-size: 11px; color: var(--muted); }
.legend { display: flex; gap: 12px; flex-wrap: wrap; font-size: 12px; margin: 6px 0; }
.legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.waterfall td.bar-cell { width: 45%; }
.waterfall .bar { position: relative; height: 12px; }
.waterfall .bar div { position: absolute; top: 0; height: 12px; border-radius: 2px; }
.waterfall td.name { white-space: nowrap; }
.links { margin: 6px 0; }
.links li { font-size: 12.5px; }

main.login { max-width: 380px; margin: 12vh auto; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 24px; }
main.login form { display: flex; flex-direction: column; gap: 8px; }
`;
