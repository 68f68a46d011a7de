// HID POS barcode scanners (usage page 0x8C): decoding scanned-data reports read from /dev/hidrawN.

/** One barcode read by a scanner. */
export interface Scan {
  /** AIM symbology identifier as the scanner sent it, e.g. "]E0" (EAN-13), "]C0" (CODE128), "]Q1" (QR). */
  aim: string;
  symbology: string | null;
  data: string;
}

/** The scanned-data input report (report id 2 on Honeywell, Zebra and Datalogic HID POS scanners). */
export const SCANNED_DATA_REPORT_ID = 0x02;
/** Report size including the report id byte. */
export const HID_POS_REPORT_SIZE = 64;

const AIM_SYMBOLOGIES: Record<string, string> = {
  E: 'ean-upc', C: 'code128', A: 'code39', G: 'code93', I: 'itf', F: 'codabar', Q: 'qr', d: 'datamatrix', L: 'pdf417', e: 'gs1-databar', z: 'aztec',
};

export interface ReportFragment {
  aim: string;
  bytes: Uint8Array;
  /** The scanner will send more reports for the same barcode (long codes). */
  more: boolean;
}

/**
 * Decodes one scanned-data report as read from hidraw (report id first): byte 1 the data length, bytes 2–4 the
 * AIM identifier, the data from byte 5, and the last byte set when more reports follow. Null for other reports.
 */
export function decodeHidPosReport(report: Uint8Array): ReportFragment | null {
  if (report.length < 5 || report[0] !== SCANNED_DATA_REPORT_ID) return null;
  const length = Math.min(report[1]!, report.length - 5);
  const aim = String.fromCharCode(report[2]!, report[3]!, report[4]!);
  return { aim, bytes: report.slice(5, 5 + length), more: report.length >= HID_POS_REPORT_SIZE && report[HID_POS_REPORT_SIZE - 1] !== 0 };
}

/** Joins fragments of long barcodes into whole scans. */
export class HidPosAssembler {
  #pending: Uint8Array[] = [];

  /** Feeds one report; returns the scan it completes, if any. */
  push(report: Uint8Array): Scan | null {
    const fragment = decodeHidPosReport(report);
    if (!fragment) return null;
    this.#pending.push(fragment.bytes);
    if (fragment.more) return null;
    const data = Buffer.concat(this.#pending).toString('utf8').replace(/[\r\n\0]+$/, '');
    this.#pending = [];
    const aim = fragment.aim.startsWith(']') ? fragment.aim : '';
    return { aim, symbology: aim ? (AIM_SYMBOLOGIES[aim[1]!] ?? null) : null, data };
  }
}
