/**
 * The chart of delivery latency against offered rate, as a standalone SVG written by hand: p50
 * dashed and p99 solid for the relay and each server mode, a log-scale latency axis, the 50 ms
 * limit that defines the knee, and each knee marked.
 */
import type { StepResult } from '../lib/fleet';
import { stepsOf, type RunResults, type TargetName } from './results';

const WIDTH = 800;
const HEIGHT = 440;
const PAD = { left: 64, right: 200, top: 40, bottom: 52 };
const COLORS: Record<TargetName, string> = { relay: '#777777', embedded: '#1f77b4', services: '#d62728' };
const Y_MIN = 0.1;
const Y_MAX = 2000;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= value) ?? value;
}

export function renderChart(results: RunResults, title: string): string {
  const series = (['relay', 'embedded', 'services'] as const)
    .map((name) => ({ name, steps: stepsOf(results[name]), knee: results[name]?.knee?.knee ?? 0 }))
    .filter((s) => s.steps.length > 0);
  const maxRate = niceMax(Math.max(1000, ...series.flatMap((s) => s.steps.map((step) => step.rate))));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (rate: number) => PAD.left + (rate / maxRate) * plotW;
  const y = (ms: number) => {
    const clamped = Math.min(Y_MAX, Math.max(Y_MIN, ms));
    return PAD.top + plotH - ((Math.log10(clamped) - Math.log10(Y_MIN)) / (Math.log10(Y_MAX) - Math.log10(Y_MIN))) * plotH;
  };
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`,
  );
  for (const ms of [0.1, 1, 10, 100, 1000]) {
    out.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(ms)}" y2="${y(ms)}" stroke="#e5e5e5"/>`,
      `<text x="${PAD.left - 8}" y="${y(ms) + 4}" text-anchor="end">${ms} ms</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const rate = (maxRate * i) / 5;
    out.push(
      `<line x1="${x(rate)}" x2="${x(rate)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#f0f0f0"/>`,
      `<text x="${x(rate)}" y="${PAD.top + plotH + 18}" text-anchor="middle">${rate.toLocaleString('en-US')}</text>`,
    );
  }
  out.push(
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">offered rate (one-to-one messages per second)</text>`,
    `<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">delivery latency (log scale)</text>`,
    `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(50)}" y2="${y(50)}" stroke="#444" stroke-dasharray="2 3"/>`,
    `<text x="${PAD.left + plotW - 4}" y="${y(50) - 4}" fill="#444" text-anchor="end">p99 limit 50 ms</text>`,
  );
  const path = (steps: StepResult[], pick: (s: StepResult) => number) =>
    steps
      .filter((s) => Number.isFinite(pick(s)))
      .map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.rate).toFixed(1)},${y(pick(s)).toFixed(1)}`)
      .join(' ');
  series.forEach(({ name, steps, knee }, index) => {
    const color = COLORS[name];
    out.push(
      `<path d="${path(steps, (s) => s.delivery.p99)}" fill="none" stroke="${color}" stroke-width="2"/>`,
      `<path d="${path(steps, (s) => s.delivery.p50)}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    );
    for (const step of steps) {
      const shape = step.pass ? 'fill' : 'fill="#fff" stroke';
      out.push(`<circle cx="${x(step.rate).toFixed(1)}" cy="${y(step.delivery.p99).toFixed(1)}" r="3" ${shape}="${color}"/>`);
    }
    if (knee > 0) {
      out.push(
        `<line x1="${x(knee)}" x2="${x(knee)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="${color}" stroke-opacity="0.5" stroke-dasharray="1 3"/>`,
      );
    }
    const ly = PAD.top + 10 + index * 62;
    const lx = PAD.left + plotW + 14;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${name} p99</text>`,
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly + 16}" y2="${ly + 16}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
      `<text x="${lx + 30}" y="${ly + 20}">${name} p50</text>`,
      `<text x="${lx + 30}" y="${ly + 36}" fill="#555">knee ${knee.toLocaleString('en-US')}/s</text>`,
    );
  });
  const ly = PAD.top + 10 + series.length * 62;
  out.push(`<text x="${PAD.left + plotW + 14}" y="${ly + 4}" fill="#555">open circle: step failed</text>`, `</svg>`);
  return `${out.join('\n')}\n`;
}
