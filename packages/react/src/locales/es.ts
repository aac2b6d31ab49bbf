import type { UpsellLocaleMessages } from '../default-messages';
import { formatAmount } from './format-amount';

/**
 * Spanish (español): every built-in string of the kit, in neutral Spanish for Spain and Latin
 * America, addressing the user as "tú" as most software in Spanish does, for `UpsellProvider`'s
 * `messages`. An opt-in import: an app that does not import it ships none of it.
 *
 * A grant's success agrees with its amount (`Intl.PluralRules`): "Se ha añadido 1 crédito …",
 * "Se han añadido 50 créditos …". Name your units in Spanish, in both forms, with `units`.
 *
 * @example
 * import { es } from '@upsell-kit/react/locales/es';
 * <UpsellProvider
 *   locale="es-ES"
 *   messages={{ ...es, units: { ai_credits: { one: 'crédito de IA', other: 'créditos de IA' } } }}
 * >
 */
export const es: UpsellLocaleMessages = {
  dismiss: 'Descartar',
  notNow: 'Ahora no',
  done: 'Listo',
  close: 'Cerrar',
  retry: 'Volver a intentarlo',
  newTab: '(se abre en una pestaña nueva)',
  processing: 'Procesando…',
  success: '¡Listo! Tu plan se ha actualizado.',
  alreadyAccepted: 'Esta oferta ya se ha aceptado.',
  stillProcessing:
    'Todavía se está procesando. Puede tardar unos minutos; mientras tanto, puedes seguir trabajando.',
  failure: {
    default: 'No hemos podido completar esta mejora. No se te ha cobrado nada.',
    billing_update_failed: 'No hemos podido actualizar tu suscripción. Revisa tu método de pago.',
    checkout_abandoned: 'No se ha completado el pago.',
    external_fulfillment_failed:
      'No hemos podido aplicar esta oferta. Ponte en contacto con el equipo de soporte.',
    fulfillment_expired: 'Esta oferta caducó antes de que pudiera aplicarse.',
  },
  error: {
    default: 'Algo ha salido mal. Inténtalo de nuevo más tarde.',
    network_error: 'Parece que no tienes conexión. Inténtalo de nuevo.',
    offer_expired: 'Esta oferta ha caducado.',
    rate_limited: 'Demasiados intentos. Espera un momento y vuelve a intentarlo.',
    unauthenticated: 'Vuelve a iniciar sesión para aceptar esta oferta.',
    unsafe_redirect: 'No se ha podido abrir el pago desde esta página.',
  },
  units: {},
  grant: ({ amount }, unit) =>
    unit
      ? `¡Listo! ${
          new Intl.PluralRules('es').select(Number(amount)) === 'one'
            ? 'Se ha añadido'
            : 'Se han añadido'
        } ${formatAmount(amount, 'es')} ${unit} a tu cuenta.`
      : '¡Listo! Se han añadido los créditos a tu cuenta.',
};
