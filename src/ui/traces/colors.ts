// One colour per service, stable within a trace view.
const SERVICE_COLORS = [
  '#3b5bdb',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#1098ad',
  '#c2255c',
  '#5c940d',
  '#f08c00',
  '#364fc7',
  '#495057',
];

export function serviceColor(services: readonly string[], service: string): string {
  const index = services.indexOf(service);
  return SERVICE_COLORS[(index < 0 ? 0 : index) % SERVICE_COLORS.length] as string;
}
