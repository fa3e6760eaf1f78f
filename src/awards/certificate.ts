// The PDF certificate of an awarded badge (issue 6): one A4 landscape page with the badge image,
// the badge's name, to whom, by whom, when, until when and at which level, and a QR code with the
// address of its verification page — what a person prints or attaches, pointing to the proof.
// pdf-lib draws it with the standard Helvetica fonts (WinAnsi: French is covered; characters
// outside it are replaced); qrcode draws the QR code.
import { PDFDocument, type PDFFont, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Locale, Translate } from '../i18n';
import type { Credential } from './awards';
import { credentialStatus, credentialUrl } from './awards';

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const INK = rgb(0.11, 0.15, 0.3);
const MUTED = rgb(0.35, 0.38, 0.45);

/** The text in the font's encoding: characters it cannot draw become '?'. */
function drawable(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      out += '?';
    }
  }
  return out;
}

/** Splits text into lines no wider than `width` at `size`. */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface CertificateInput {
  credential: Credential;
  badgePng: Buffer;
  baseUrl: string;
  t: Translate;
  locale: Locale;
  now: Date;
}

/** The certificate, as PDF bytes. */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const { credential: c, t, locale } = input;
  const pdf = await PDFDocument.create();
  pdf.setTitle(drawableTitle(`${c.badgeName} — ${c.organizationName}`));
  pdf.setLanguage(locale === 'fr' ? 'fr-FR' : 'en-GB');
  pdf.setSubject(drawableTitle(t('awards.certificate.heading')));
  pdf.setCreator('Blason');
  pdf.setCreationDate(input.now);
  const page = pdf.addPage(A4_LANDSCAPE);
  const [width, height] = A4_LANDSCAPE;
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const text = (value: string, x: number, y: number, size: number, font = regular, color = INK) =>
    page.drawText(drawable(font, value), { x, y, size, font, color });

  // Frame.
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: INK, borderWidth: 2 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: MUTED, borderWidth: 0.5 });

  // The badge image, on the left.
  const image = await pdf.embedPng(input.badgePng);
  const side = 190;
  const scale = Math.min(side / image.width, side / image.height);
  page.drawImage(image, { x: 70, y: height - 110 - side, width: image.width * scale, height: image.height * scale });

  // The texts, on the right.
  const left = 300;
  const column = width - left - 70;
  let y = height - 95;
  text(t('awards.certificate.heading'), left, y, 14, regular, MUTED);
  y -= 38;
  for (const line of wrap(bold, drawable(bold, c.badgeName), 28, column).slice(0, 3)) {
    text(line, left, y, 28, bold);
    y -= 34;
  }
  y -= 8;
  const holder = c.recipient.kind === 'organization' ? c.recipient.organizationName : (c.recipient.name ?? t('awards.certificate.holder'));
  text(t('awards.certificate.awardedTo'), left, y, 12, regular, MUTED);
  y -= 22;
  text(holder, left, y, 18, bold);
  y -= 30;
  text(t('awards.certificate.issuedBy'), left, y, 12, regular, MUTED);
  y -= 22;
  text(c.organizationName, left, y, 16, bold);
  y -= 30;
  const date = (d: Date) => new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  const facts = [
    t('awards.certificate.on', { date: date(c.validFrom) }),
    c.validUntil ? t('awards.certificate.until', { date: date(c.validUntil) }) : t('awards.certificate.noEnd'),
    ...(c.level ? [t('awards.certificate.level', { level: c.level })] : []),
  ];
  for (const fact of facts) {
    text(fact, left, y, 12);
    y -= 18;
  }
  const status = credentialStatus(c, input.now);
  if (status !== 'active') text(t(`awards.status.${status}`), left, y - 6, 14, bold, rgb(0.7, 0.15, 0.12));

  // The QR code and the address of the verification page, at the bottom.
  const url = credentialUrl(input.baseUrl, c.publicId);
  const verifyUrl = `${input.baseUrl}/verify?url=${encodeURIComponent(url)}`;
  const qr = await pdf.embedPng(await QRCode.toBuffer(verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' }));
  const qrSide = 110;
  page.drawImage(qr, { x: 70 + (side - qrSide) / 2, y: 60, width: qrSide, height: qrSide });
  text(t('awards.certificate.verify'), left, 100, 11, regular, MUTED);
  for (const [i, line] of wrap(regular, url, 10, column).entries()) text(line, left, 84 - i * 13, 10);
  text(t('awards.certificate.standard'), left, 56, 9, regular, MUTED);
  return pdf.save();
}

function drawableTitle(title: string): string {
  return title.replace(/[^\u0020-\u00ff\u2019\u2013\u2014\u0152\u0153]/g, '?');
}
