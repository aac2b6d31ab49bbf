import type { UpsellLocaleMessages } from '../default-messages';
import { formatAmount } from './format-amount';

/**
 * Japanese (日本語): every built-in string of the kit, in the polite form (です・ます) of Japanese
 * software, for `UpsellProvider`'s `messages`. An opt-in import: an app that does not import it
 * ships none of it.
 *
 * Japanese has no plural forms (`Intl.PluralRules('ja')` knows only `other`), so a grant's
 * success reads the same for any amount: "50 AIクレジットをアカウントに追加しました。". Give your
 * units their one name as `other`.
 *
 * @example
 * import { ja } from '@upsell-kit/react/locales/ja';
 * <UpsellProvider locale="ja-JP" messages={{ ...ja, units: { ai_credits: { other: 'AIクレジット' } } }}>
 */
export const ja: UpsellLocaleMessages = {
  dismiss: '非表示にする',
  notNow: '今はしない',
  done: '完了',
  close: '閉じる',
  retry: 'もう一度試す',
  newTab: '（新しいタブで開きます）',
  processing: '処理中…',
  success: '完了しました。プランが更新されました。',
  alreadyAccepted: 'このオファーはすでに承諾されています。',
  stillProcessing: 'まだ処理中です。数分かかることがあります。このまま作業を続けられます。',
  failure: {
    default: 'アップグレードを完了できませんでした。料金は請求されていません。',
    billing_update_failed:
      'サブスクリプションを更新できませんでした。お支払い方法をご確認ください。',
    checkout_abandoned: 'お支払い手続きが完了しませんでした。',
    external_fulfillment_failed:
      'このオファーを適用できませんでした。サポートまでお問い合わせください。',
    fulfillment_expired: 'このオファーは適用される前に有効期限が切れました。',
  },
  error: {
    default: '問題が発生しました。しばらくしてからもう一度お試しください。',
    network_error: 'オフラインのようです。接続を確認して、もう一度お試しください。',
    offer_expired: 'このオファーは有効期限が切れています。',
    rate_limited: '試行回数が多すぎます。少し待ってから、もう一度お試しください。',
    unauthenticated: 'このオファーを承諾するには、もう一度ログインしてください。',
    unsafe_redirect: 'このページからお支払い画面を開けませんでした。',
  },
  units: {},
  grant: ({ amount }, unit) =>
    unit
      ? `完了しました。${formatAmount(amount, 'ja')} ${unit}をアカウントに追加しました。`
      : '完了しました。クレジットをアカウントに追加しました。',
};
