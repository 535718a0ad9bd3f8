/* The theme's storage helpers, as its inline head script defines them, in a cached file loaded
   right before the theme's own script (see theme/partials/javascripts/base.html). The scope is
   the site root ("/"), as mkdocs.yml's `extra.scope` says and the build checks. */
__md_scope = new URL("/", location);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
