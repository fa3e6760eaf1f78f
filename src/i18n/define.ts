// A module's messages in both languages. The type forces English to have exactly French's keys.
export type Catalogue<K extends string> = { fr: Record<K, string>; en: Record<NoInfer<K>, string> };

export function defineMessages<K extends string>(catalogue: Catalogue<K>): Catalogue<K> {
  return catalogue;
}
