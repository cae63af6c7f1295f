import type { Snapshot } from '../../src/protocol';
import { THETA_LIMIT, X_LIMIT } from '../../src/world/params';
import { OKABE_ITO } from '../charts/palette';
import { fixed as fmt } from '../format';

/** Metres of track drawn beyond each limit. */
const TRACK_MARGIN = 0.5;
/** Cart size, m. */
const CART_W = 0.5;
const CART_H = 0.28;
/** Pixel length of a full action (|a| = 1) on the cart's action scale. */
const ACTION_PX = 90;
/** Action values beyond this are drawn at the edge of the action scale. */
const ACTION_DRAW_LIMIT = 1.6;

const AGENT = OKABE_ITO.blue;
const EXPERT = OKABE_ITO.vermillion;
const FAIL = OKABE_ITO.vermillion;

/**
 * Draws the cart-pole of a snapshot to scale on a 2-D canvas of `width`×`height` CSS px:
 * the track with its ±2.4 m limits, the cart, the pole at its angle, the agent's action (an
 * arrow for the mean, a band for ±2σ) and the expert's action as a thin marker.
 */
export function drawWorld(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  snapshot: Snapshot | null,
): void {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '15px system-ui, sans-serif';
  ctx.textBaseline = 'alphabetic';
  if (!snapshot) {
    ctx.fillStyle = '#333';
    ctx.textAlign = 'center';
    ctx.fillText('Waiting for the session worker…', width / 2, height / 2);
    return;
  }

  const { state, params, failed, force } = snapshot.world;
  const [x, , theta] = state;
  const poleLength = 2 * params.halfPoleLength;

  // Scale: the whole track fits across; the cart and upright pole fit from the ground up,
  // unless that would shrink the track below half its width (a long pole then leaves the top).
  const trackHalf = X_LIMIT + TRACK_MARGIN;
  const groundY = height - 58;
  const across = (width - 30) / (2 * trackHalf);
  const upright = (groundY - 30) / (poleLength + CART_H);
  const scale = Math.max(across / 2, Math.min(across, upright));
  const cx = width / 2;
  const toPx = (m: number) => cx + m * scale;

  drawTrack(ctx, toPx, groundY, trackHalf);

  // Cart (clamped so that a failed cart beyond the track stays in view).
  const cartX = toPx(Math.max(-trackHalf, Math.min(trackHalf, Number.isFinite(x) ? x : 0)));
  const cartTop = groundY - CART_H * scale;
  ctx.fillStyle = failed ? '#f6d5c3' : '#d9e6f2';
  ctx.strokeStyle = failed ? FAIL : '#1b2a3a';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.rect(cartX - (CART_W * scale) / 2, cartTop, CART_W * scale, CART_H * scale);
  ctx.fill();
  ctx.stroke();

  // Failure angle guides and the pole.
  const angle = Number.isFinite(theta) ? theta : 0;
  const reach = poleLength * scale;
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = '#9aa5b1';
  ctx.lineWidth = 1;
  for (const limit of [-THETA_LIMIT, THETA_LIMIT]) {
    ctx.beginPath();
    ctx.moveTo(cartX, cartTop);
    ctx.lineTo(cartX + Math.sin(limit) * reach, cartTop - Math.cos(limit) * reach);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = failed ? FAIL : OKABE_ITO.orange;
  ctx.lineWidth = Math.max(5, scale * 0.07);
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(cartX, cartTop);
  ctx.lineTo(cartX + Math.sin(angle) * reach, cartTop - Math.cos(angle) * reach);
  ctx.stroke();
  ctx.lineCap = 'butt';
  ctx.fillStyle = '#1b2a3a';
  ctx.beginPath();
  ctx.arc(cartX, cartTop, 4, 0, 2 * Math.PI);
  ctx.fill();

  drawAction(ctx, cartX, groundY + 22, width, height - 8, snapshot.action);

  // Numbers: state on the left, force on the right.
  ctx.fillStyle = '#1b2a3a';
  ctx.textAlign = 'left';
  ctx.fillText(
    `x ${fmt(x, 2)} m   θ ${fmt((theta * 180) / Math.PI, 1)}°   pole ${fmt(poleLength, 2)} m`,
    10,
    20,
  );
  ctx.textAlign = 'right';
  ctx.fillText(`force ${fmt(force, 2)} N`, width - 10, 20);

  if (failed) {
    ctx.font = 'bold 22px system-ui, sans-serif';
    ctx.fillStyle = FAIL;
    ctx.textAlign = 'center';
    ctx.fillText('✕ FAILED — episode over', width / 2, 48);
  }
}

/** The track line, its ±2.4 m limits and metre ticks. */
function drawTrack(
  ctx: CanvasRenderingContext2D,
  toPx: (m: number) => number,
  groundY: number,
  trackHalf: number,
): void {
  ctx.strokeStyle = '#1b2a3a';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(toPx(-trackHalf), groundY);
  ctx.lineTo(toPx(trackHalf), groundY);
  ctx.stroke();

  ctx.fillStyle = '#444';
  ctx.textAlign = 'center';
  ctx.lineWidth = 1;
  for (let m = -2; m <= 2; m++) {
    ctx.beginPath();
    ctx.moveTo(toPx(m), groundY);
    ctx.lineTo(toPx(m), groundY + 5);
    ctx.stroke();
  }

  const post = 34;
  ctx.strokeStyle = FAIL;
  ctx.lineWidth = 3;
  for (const limit of [-X_LIMIT, X_LIMIT]) {
    ctx.beginPath();
    ctx.moveTo(toPx(limit), groundY + 6);
    ctx.lineTo(toPx(limit), groundY - post);
    ctx.stroke();
  }
  ctx.fillStyle = FAIL;
  ctx.fillText(`−${X_LIMIT} m`, toPx(-X_LIMIT), groundY - post - 6);
  ctx.fillText(`+${X_LIMIT} m`, toPx(X_LIMIT), groundY - post - 6);
}

/** The action scale under the cart: ±2σ band, mean arrow, expert marker. */
function drawAction(
  ctx: CanvasRenderingContext2D,
  cartX: number,
  y: number,
  width: number,
  textY: number,
  action: Snapshot['action'],
): void {
  const clip = (a: number) => Math.max(-ACTION_DRAW_LIMIT, Math.min(ACTION_DRAW_LIMIT, a));
  const px = (a: number) => cartX + clip(a) * ACTION_PX;

  // Scale ticks at −1, 0, +1 (full force left, none, full force right).
  ctx.strokeStyle = '#9aa5b1';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(px(-1), y);
  ctx.lineTo(px(1), y);
  for (const a of [-1, 0, 1]) {
    ctx.moveTo(px(a), y - 5);
    ctx.lineTo(px(a), y + 5);
  }
  ctx.stroke();

  const { mean, std, expert } = action;
  if (Number.isFinite(mean) && Number.isFinite(std) && std >= 0) {
    // ±2σ band with whiskers.
    const left = px(mean - 2 * std);
    const right = px(mean + 2 * std);
    ctx.fillStyle = 'rgba(0, 114, 178, 0.25)';
    ctx.fillRect(left, y - 10, right - left, 20);
    ctx.strokeStyle = AGENT;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(left, y - 10);
    ctx.lineTo(left, y + 10);
    ctx.moveTo(right, y - 10);
    ctx.lineTo(right, y + 10);
    ctx.stroke();

    // Mean arrow from the cart's centre.
    const tip = px(mean);
    const dir = Math.sign(tip - cartX) || 1;
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.moveTo(cartX, y);
    ctx.lineTo(tip, y);
    ctx.stroke();
    ctx.fillStyle = AGENT;
    ctx.beginPath();
    ctx.moveTo(tip + dir * 8, y);
    ctx.lineTo(tip - dir * 4, y - 8);
    ctx.lineTo(tip - dir * 4, y + 8);
    ctx.closePath();
    ctx.fill();
  }

  // Expert marker.
  if (Number.isFinite(expert)) {
    ctx.strokeStyle = EXPERT;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(px(expert), y - 16);
    ctx.lineTo(px(expert), y + 16);
    ctx.stroke();
  }

  ctx.font = '15px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillStyle = '#1b2a3a';
  ctx.fillText(
    `agent ${fmt(mean, 2)} ± ${fmt(2 * std, 2)} (2σ)   expert ${fmt(expert, 2)}`,
    Math.max(190, Math.min(width - 190, cartX)),
    textY,
  );
}
