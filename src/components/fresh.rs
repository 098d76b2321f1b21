//! [`Fresh`]: a view that is built anew instead of patched when its closure runs again.

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// A view that, when the closure rendering it runs again, is built anew and put in place of the
/// old one rather than patched into it. For parts built once or seldom (the card body, the
/// sign-in form, the commit, the timer rows): a patched view compiles its whole update path
/// (`rebuild`), one per view type, which such parts never need; building anew reuses the code
/// that built them the first time. Only for parts that hold nothing the user would lose (focus,
/// typed text) on a rebuild, or whose closure runs again only as they show anew (the body and
/// the sign-in form follow memos that go from "hidden" to "shown").
pub struct Fresh<T>(pub T);

impl<T: Render> Render for Fresh<T> {
    type State = T::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut new = self.0.build();
        // in the old one's place (every view this wraps has a node to insert before); the old
        // one goes in any case: its reactive parts were disposed as the closure re-ran
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

impl<T: RenderHtml> RenderHtml for Fresh<T> {
    type AsyncOutput = Fresh<T::AsyncOutput>;
    type Owned = Fresh<T::Owned>;

    const MIN_LENGTH: usize = T::MIN_LENGTH;
    const EXISTS: bool = T::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Fresh(self.0.resolve().await)
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        Fresh(self.0.into_owned())
    }
}

impl<T: AddAnyAttr> AddAnyAttr for Fresh<T> {
    type Output<SomeNewAttr: Attribute> = Fresh<T::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Fresh(self.0.add_any_attr(attr))
    }
}
