// The earner's pages of the backpack: who sees a credential (on its page), collections and the
// public profile (on "Mes badges"), a collection's page and the public profile page.
import type { CredentialSummary } from '../../awards/awards';
import { credentialPath } from '../../awards/awards';
import { CredentialImage } from '../../awards/pages/common';
import { Checkbox, ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { type Collection, type PublicProfile, VISIBILITIES, collectionPath, profilePath } from '../collections';

export function VisibilityForm(props: { v: View; credentialId: string; visibility: string; evidence: { has: boolean; shown: boolean } }) {
  const { v } = props;
  return (
    <section class="card" aria-labelledby="visibility-heading" id="visibility">
      <h2 id="visibility-heading" style="margin-top:0">
        {v.t('backpack.visibility.label')}
      </h2>
      <Form v={v} action={`${credentialPath(props.credentialId)}/visibility`}>
        <fieldset>
          <legend class="visually-hidden">{v.t('backpack.visibility.label')}</legend>
          {VISIBILITIES.map((value) => (
            <div class="check" key={value}>
              <input type="radio" id={`f-visibility-${value}`} name="visibility" value={value} checked={props.visibility === value} />
              <label for={`f-visibility-${value}`}>{v.t(`backpack.visibility.${value}`)}</label>
            </div>
          ))}
        </fieldset>
        {props.evidence.has && (
          <>
            <input type="hidden" name="evidenceField" value="1" />
            <Checkbox name="showEvidence" label={v.t('backpack.visibility.evidence')} checked={props.evidence.shown} />
          </>
        )}
        <Submit secondary>{v.t('backpack.visibility.save')}</Submit>
      </Form>
    </section>
  );
}

export function CollectionsSection(props: { v: View; collections: Collection[]; profile: { id: string; public: boolean; bio: string }; errors?: FormErrors | undefined }) {
  const { v, collections, profile } = props;
  return (
    <>
      <section class="card" aria-labelledby="collections-heading" id="collections">
        <h2 id="collections-heading" style="margin-top:0">
          {v.t('backpack.collection.title')}
        </h2>
        {collections.length === 0 ? (
          <p class="muted">{v.t('backpack.collection.none')}</p>
        ) : (
          <ul>
            {collections.map((c) => (
              <li key={c.id}>
                <a href={collectionPath(c.id)}>{c.name}</a> <span class="muted">— {v.t('backpack.collection.count', { count: c.items.length })}</span>
              </li>
            ))}
          </ul>
        )}
        <h3>{v.t('backpack.collection.new')}</h3>
        <ErrorSummary v={v} errors={props.errors} />
        <Form v={v} action="/collections">
          <Field v={v} name="name" label={v.t('backpack.collection.name')} errors={props.errors} required />
          <Submit secondary>{v.t('backpack.collection.create')}</Submit>
        </Form>
      </section>
      <section class="card" aria-labelledby="profile-heading" id="profile">
        <h2 id="profile-heading" style="margin-top:0">
          {v.t('backpack.profile.title')}
        </h2>
        <Form v={v} action="/people/me">
          <Checkbox name="public" label={v.t('backpack.profile.public')} checked={profile.public} />
          <Field v={v} name="bio" label={v.t('backpack.profile.bio')} value={profile.bio} multiline />
          <Submit secondary>{v.t('backpack.profile.save')}</Submit>
        </Form>
        {profile.public && (
          <p>
            <a href={profilePath(profile.id)}>{v.t('backpack.profile.link')}</a>
          </p>
        )}
        <p>
          <a href="/badges/mine/export" download>
            {v.t('backpack.export.link')}
          </a>
        </p>
      </section>
    </>
  );
}

function Badges(props: { v: View; items: CredentialSummary[] }) {
  return (
    <ul class="stack" style="list-style:none;padding:0">
      {props.items.map((c) => (
        <li key={c.publicId} class="card" style="display:flex;gap:1rem;align-items:center">
          <CredentialImage c={c} size={64} alt="" />
          <span>
            <a href={credentialPath(c.publicId)}>{c.badgeName}</a>
            <br />
            <span class="muted small">{props.v.t('backpack.profile.issuedBy', { issuer: c.organizationName })}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A collection: for its owner, the form that edits it (badges ticked, with their rank); for others, its public badges. */
export function CollectionPage(props: { v: View; collection: Collection & { owner: { id: string; name: string } }; mine: CredentialSummary[] | null; errors?: FormErrors | undefined }) {
  const { v, collection: c } = props;
  const rank = new Map(c.items.map((item, i) => [item.publicId, i + 1]));
  return (
    <Layout v={v} title={c.name}>
      <h1>{c.name}</h1>
      <p class="muted">
        <a href={profilePath(c.owner.id)}>{v.t('backpack.collection.by', { name: c.owner.name })}</a>
      </p>
      {c.description && <p>{c.description}</p>}
      {props.mine === null ? (
        c.items.length === 0 ? (
          <p class="muted">{v.t('backpack.collection.empty')}</p>
        ) : (
          <Badges v={v} items={c.items} />
        )
      ) : (
        <>
          <ErrorSummary v={v} errors={props.errors} />
          <Form v={v} action={collectionPath(c.id)}>
            <Field v={v} name="name" label={v.t('backpack.collection.name')} value={c.name} errors={props.errors} required />
            <Field v={v} name="description" label={v.t('backpack.collection.description')} value={c.description} multiline />
            <fieldset>
              <legend>{v.t('backpack.collection.items')}</legend>
              {props.mine.map((m) => (
                <div key={m.publicId} style="display:flex;gap:1rem;align-items:center">
                  <Checkbox id={`f-item-${m.publicId}`} name="items" value={m.publicId} label={`${m.badgeName} (${m.organizationName})`} checked={rank.has(m.publicId)} />
                  <label for={`f-rank-${m.publicId}`} class="muted small">
                    {v.t('backpack.collection.position')}
                  </label>
                  <input id={`f-rank-${m.publicId}`} name={`rank_${m.publicId}`} type="number" min="1" style="width:5rem" value={String(rank.get(m.publicId) ?? '')} />
                </div>
              ))}
            </fieldset>
            <Submit>{v.t('backpack.collection.save')}</Submit>
          </Form>
          <Form v={v} action={`${collectionPath(c.id)}/delete`} class="inline">
            <Submit secondary>{v.t('backpack.collection.delete')}</Submit>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function ProfilePage(props: { v: View; profile: PublicProfile }) {
  const { v, profile } = props;
  return (
    <Layout v={v} title={profile.name}>
      <h1>{profile.name}</h1>
      {profile.bio && <p>{profile.bio}</p>}
      <section aria-labelledby="badges-heading">
        <h2 id="badges-heading">{v.t('backpack.profile.badges')}</h2>
        {profile.credentials.length === 0 ? <p class="muted">{v.t('backpack.profile.none')}</p> : <Badges v={v} items={profile.credentials} />}
      </section>
      {profile.collections.length > 0 && (
        <section aria-labelledby="collections-heading">
          <h2 id="collections-heading">{v.t('backpack.profile.collections')}</h2>
          <ul>
            {profile.collections.map((c) => (
              <li key={c.id}>
                <a href={collectionPath(c.id)}>{c.name}</a> <span class="muted">— {v.t('backpack.collection.count', { count: c.items.length })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
