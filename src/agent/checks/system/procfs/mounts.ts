// /proc/self/mounts (fstab format): `device mountpoint fstype options dump pass`, with spaces, tabs, newlines
// and backslashes in names written as octal escapes (`\040`).

export interface Mount {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
}

function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMounts(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const [device, mountPoint, fsType, options] = fields.map(unescapeOctal) as [
      string,
      string,
      string,
      string,
    ];
    mounts.push({ device, mountPoint, fsType, options: options.split(',') });
  }
  return mounts;
}
