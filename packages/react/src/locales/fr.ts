import type { UpsellLocaleMessages } from '../default-messages';
import { formatAmount } from './format-amount';

// French typography: a narrow no-break space (U+202F) before ! ? ; and a no-break space (U+00A0)
// before :, written as escapes so that they stay visible here.

/**
 * French (français): every built-in string of the kit, addressing the user as "vous", for
 * `UpsellProvider`'s `messages`. An opt-in import: an app that does not import it ships none of it.
 *
 * A grant's success is worded in the active voice ("Nous avons ajouté 50 crédits IA …"), so that
 * no participle has to agree with a unit whose gender the kit cannot know; the unit's singular
 * or plural (French counts 0 and 1 as singular) comes from your `units`, by `Intl.PluralRules`.
 *
 * @example
 * import { fr } from '@upsell-kit/react/locales/fr';
 * <UpsellProvider
 *   locale="fr-FR"
 *   messages={{ ...fr, units: { ai_credits: { one: 'crédit IA', other: 'crédits IA' } } }}
 * >
 */
export const fr: UpsellLocaleMessages = {
  dismiss: 'Masquer',
  notNow: 'Pas maintenant',
  done: 'Terminé',
  close: 'Fermer',
  retry: 'Réessayer',
  newTab: '(s’ouvre dans un nouvel onglet)',
  processing: 'Traitement en cours…',
  success: 'C’est fait\u202f! Votre abonnement a été mis à jour.',
  alreadyAccepted: 'Cette offre a déjà été acceptée.',
  stillProcessing:
    'Traitement toujours en cours. Cela peut prendre quelques minutes\u202f; vous pouvez continuer à travailler.',
  failure: {
    default:
      'Nous n’avons pas pu finaliser cette mise à niveau. Aucun montant ne vous a été facturé.',
    billing_update_failed:
      'Nous n’avons pas pu mettre à jour votre abonnement. Veuillez vérifier votre moyen de paiement.',
    checkout_abandoned: 'Le paiement n’a pas été finalisé.',
    external_fulfillment_failed:
      'Nous n’avons pas pu appliquer cette offre. Veuillez contacter l’assistance.',
    fulfillment_expired: 'Cette offre a expiré avant d’avoir pu être appliquée.',
  },
  error: {
    default: 'Une erreur s’est produite. Veuillez réessayer plus tard.',
    network_error: 'Vous semblez être hors ligne. Veuillez réessayer.',
    offer_expired: 'Cette offre a expiré.',
    rate_limited: 'Trop de tentatives. Veuillez patienter un instant, puis réessayer.',
    unauthenticated: 'Veuillez vous reconnecter pour accepter cette offre.',
    unsafe_redirect: 'Le paiement n’a pas pu être ouvert depuis cette page.',
  },
  units: {},
  grant: ({ amount }, unit) =>
    unit
      ? `C’est fait\u202f! Nous avons ajouté ${formatAmount(amount, 'fr')} ${unit} à votre compte.`
      : 'C’est fait\u202f! Vos crédits ont été ajoutés à votre compte.',
};
