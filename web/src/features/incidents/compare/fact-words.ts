import type { TFunction } from 'i18next';
import { countryName, formatPeriod } from '../../../ui/format';
import type { FactWords, Incident } from './compare';

/** The facts of an incident in words, as the detail page writes them. */
export function factWords(
  t: TFunction,
  language: string,
  names: { category(code: string): string },
): FactWords {
  return {
    period: (incident: Incident) =>
      formatPeriod(incident.occurredFrom, incident.occurredTo, incident.datePrecision, language),
    category: (code) => names.category(code),
    place: (place) =>
      `${t(`locationRole.${place.role}`)}: ${[
        place.placeName,
        place.adminArea,
        countryName(place.countryCode, language),
      ]
        .filter(Boolean)
        .join(', ')}`,
    actor: (actor) =>
      `${actor.name} (${[
        t(`actorType.${actor.type}`),
        actor.role,
        actor.imoNumber ? `IMO ${actor.imoNumber}` : '',
      ]
        .filter(Boolean)
        .join(', ')})`,
    quantity: (quantity) =>
      t(quantity.approximate ? 'detail.approximate' : 'detail.exact', {
        value: new Intl.NumberFormat(language).format(quantity.value),
        unit: quantity.unit,
      }),
  };
}
