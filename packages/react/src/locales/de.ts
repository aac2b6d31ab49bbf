import type { UpsellLocaleMessages } from '../default-messages';
import { formatAmount } from './format-amount';

/**
 * German (Deutsch): every built-in string of the kit, in the formal address (Sie) of German
 * business software, for `UpsellProvider`'s `messages`. An opt-in import: an app that does not
 * import it ships none of it. The dismiss button is "Ausblenden", not "Schließen", which names
 * the Close action beside it after a failure.
 *
 * A grant's success agrees with its amount (`Intl.PluralRules`): "1 KI-Credit wurde …", "50
 * KI-Credits wurden …". Name your units in German, in both forms, with `units`.
 *
 * @example
 * import { de } from '@upsell-kit/react/locales/de';
 * <UpsellProvider
 *   locale="de-DE"
 *   messages={{ ...de, units: { ai_credits: { one: 'KI-Credit', other: 'KI-Credits' } } }}
 * >
 */
export const de: UpsellLocaleMessages = {
  dismiss: 'Ausblenden',
  notNow: 'Nicht jetzt',
  done: 'Fertig',
  close: 'Schließen',
  retry: 'Erneut versuchen',
  newTab: '(öffnet in einem neuen Tab)',
  processing: 'Wird verarbeitet…',
  success: 'Fertig! Ihr Tarif wurde aktualisiert.',
  alreadyAccepted: 'Dieses Angebot wurde bereits angenommen.',
  stillProcessing:
    'Wird noch verarbeitet. Das kann einige Minuten dauern; Sie können währenddessen weiterarbeiten.',
  failure: {
    default: 'Das Upgrade konnte nicht abgeschlossen werden. Ihnen wurde nichts berechnet.',
    billing_update_failed:
      'Ihr Abonnement konnte nicht aktualisiert werden. Bitte prüfen Sie Ihre Zahlungsmethode.',
    checkout_abandoned: 'Der Bezahlvorgang wurde nicht abgeschlossen.',
    external_fulfillment_failed:
      'Das Angebot konnte nicht angewendet werden. Bitte wenden Sie sich an den Support.',
    fulfillment_expired: 'Das Angebot ist abgelaufen, bevor es angewendet werden konnte.',
  },
  error: {
    default: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es später erneut.',
    network_error: 'Sie scheinen offline zu sein. Bitte versuchen Sie es erneut.',
    offer_expired: 'Dieses Angebot ist abgelaufen.',
    rate_limited:
      'Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    unauthenticated: 'Bitte melden Sie sich erneut an, um dieses Angebot anzunehmen.',
    unsafe_redirect: 'Der Bezahlvorgang konnte von dieser Seite aus nicht geöffnet werden.',
  },
  units: {},
  grant: ({ amount }, unit) =>
    unit
      ? `Fertig! ${formatAmount(amount, 'de')} ${unit} ${
          new Intl.PluralRules('de').select(Number(amount)) === 'one' ? 'wurde' : 'wurden'
        } Ihrem Konto gutgeschrieben.`
      : 'Fertig! Die Gutschrift wurde Ihrem Konto hinzugefügt.',
};
