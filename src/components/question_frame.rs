//! What every question shows around its own control, written once: the wrapper, the title
//! (running number, text, "required" mark), the note and the error message, and the
//! `aria-describedby` list that ties them to the control. Used by `choice.rs`, `checks.rs`,
//! `select.rs` and `text_answer.rs`.

use yew::prelude::*;

/// What every question has around its control: ids, title, number, note, "required", error.
pub struct Question {
    /// Base of the element ids (`{id}-note`, `{id}-err`; the control's own id for one-control
    /// questions, `{id}-0`… for option groups).
    pub id: AttrValue,
    /// The question text (the legend or label).
    pub text: AttrValue,
    /// "ข้อ 3", shown before the title.
    pub number: Option<AttrValue>,
    pub note: Option<AttrValue>,
    /// The "required" mark; `None` for optional questions.
    pub required: Option<AttrValue>,
    pub error: Option<AttrValue>,
}

impl Question {
    fn note_id(&self) -> String {
        format!("{}-note", self.id)
    }

    fn error_id(&self) -> String {
        format!("{}-err", self.id)
    }

    /// The ids describing the control: `first` (a hint), the note, `then` (a counter), the
    /// error. `None` when there is nothing.
    pub fn described_by(&self, first: Option<&str>, then: Option<&str>) -> Option<String> {
        let note = self.note.as_ref().map(|_| self.note_id());
        let error = self.error.as_ref().map(|_| self.error_id());
        let ids: Vec<&str> = [first, note.as_deref(), then, error.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// Classes of the question's wrapper (`pg-invalid` while it has an error).
    pub fn class(&self, extra: Option<&'static str>) -> Classes {
        classes!("pg-q", extra, self.error.is_some().then_some("pg-invalid"))
    }

    /// The title's content: number, text, and the "required" mark unless `nested`.
    pub fn title(&self, nested: bool) -> Html {
        html! {
            <>
                if let Some(n) = &self.number { <span class="pg-no">{ n.clone() }</span>{" "} }
                { self.text.clone() }
                if let Some(r) = self.required.as_ref().filter(|_| !nested) {
                    {" "}<span class="pg-req">{ r.clone() }</span>
                }
            </>
        }
    }

    /// The note and the error message, between the title and the control.
    pub fn messages(&self) -> Html {
        html! {
            <>
                if let Some(n) = &self.note { <p class="pg-note" id={self.note_id()}>{ n.clone() }</p> }
                if let Some(e) = &self.error { <p class="pg-error" id={self.error_id()}>{ e.clone() }</p> }
            </>
        }
    }
}
