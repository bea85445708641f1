// Monitors: threshold and outlier rules over metric queries, evaluated on intervals, with notifications.
export { dbscanOutliers, DBSCAN_NORMALIZING_CONSTANT, memberVectors } from './algorithms/dbscan';
export { madOutliers, MIN_MEMBERS, type MemberVerdict } from './algorithms/mad';
export { median, medianAbsoluteDeviation } from './algorithms/stats';
export { reduce, thresholdLevel, type ThresholdRule } from './algorithms/threshold';
export {
  parseMonitor,
  parseDuration,
  toDocument,
  MonitorDefinitionError,
  type MonitorDefinition,
} from './definition';
export { MonitorEngine, MonitorRequestError, type MonitorDetail, type MonitorView } from './engine';
export { evaluate, monitorStep } from './evaluate';
export { API_MONITORS_FILE, loadApiMonitors, loadMonitorsFile, MONITORS_FILE } from './files';
export { AgentNotifier } from './notify/notifier';
export type { MonitorNotification, Notifier } from './notify/types';
export { WebhookSender, type WebhookOptions } from './notify/webhook';
export { MONITOR_STATES, type MonitorState } from './state';
