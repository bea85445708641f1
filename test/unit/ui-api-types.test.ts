// The browser build cannot import server modules, so src/ui/api/types.ts restates the API's answers. This file
// makes the copy checked: every server result must be assignable to the UI's reading of it, or the test build
// (tsc -p tsconfig.test.json, part of `npm test`) fails, naming the field that drifted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as Ui from '../../src/ui/api/types';
import type * as Logs from '../../src/agent/store/query/logs';
import type * as Metrics from '../../src/agent/store/query/metrics';
import type * as Traces from '../../src/agent/store/query/traces';
import type * as Monitors from '../../src/agent/monitors/state';
import type { MonitorDetail, MonitorView } from '../../src/agent/monitors/engine';
import type { DashboardSummary } from '../../src/agent/web/dashboards/store';
import type * as Dashboards from '../../src/agent/web/dashboards/schema';
import type { TraceAnswer } from '../../src/agent/web/routes/traces';

interface ServerAnswers {
  rollup: Metrics.Rollup;
  aggregation: Metrics.Aggregation;
  metricQueryResult: Metrics.MetricQueryResult;
  storedLog: Logs.StoredLog;
  logPage: Logs.LogPage;
  logFacet: Logs.LogFacet;
  facetValue: Logs.FacetValue;
  storedSpan: Traces.StoredSpan;
  traceDetail: TraceAnswer;
  traceSummary: Traces.TraceSummary;
  tracePage: Traces.TracePage;
  monitorState: Monitors.MonitorState;
  groupStatus: Monitors.GroupStatus;
  transition: Monitors.Transition;
  monitorView: MonitorView;
  monitorDetail: MonitorDetail;
  dashboardSummary: DashboardSummary;
  widgetType: Dashboards.WidgetType;
  widgetQuery: Dashboards.WidgetQuery;
  widget: Dashboards.Widget;
  dashboard: Dashboards.Dashboard;
}

interface UiReadings {
  rollup: Ui.Rollup;
  aggregation: Ui.Aggregation;
  metricQueryResult: Ui.MetricQueryResult;
  storedLog: Ui.StoredLog;
  logPage: Ui.LogPage;
  logFacet: Ui.LogFacet;
  facetValue: Ui.FacetValue;
  storedSpan: Ui.StoredSpan;
  traceDetail: Ui.TraceDetail;
  traceSummary: Ui.TraceSummary;
  tracePage: Ui.TracePage;
  monitorState: Ui.MonitorState;
  groupStatus: Ui.GroupStatus;
  transition: Ui.Transition;
  monitorView: Ui.MonitorView;
  monitorDetail: Ui.MonitorDetail;
  dashboardSummary: Ui.DashboardSummary;
  widgetType: Ui.WidgetType;
  widgetQuery: Ui.WidgetQuery;
  widget: Ui.Widget;
  dashboard: Ui.Dashboard;
}

/** Type-checks only while every server answer can be read as the UI's type for it. */
function readAsUi(answers: ServerAnswers): UiReadings {
  return answers;
}

test('the UI reads every API result type the server returns (checked at compile time)', () => {
  assert.equal(typeof readAsUi, 'function');
});
