//! The built-in instruments read from `instruments/` whatever the core's features: the scoring
//! tests also run in the widget's configuration (`--no-default-features`), where the core embeds
//! no instrument and reads them without the `validate` checks.
pub mod builtin {
    use prongsai_core::Instrument;

    pub fn json(id: &str) -> Option<&'static str> {
        Some(match id {
            "ita-iit" => include_str!("../../../../instruments/ita-iit.json"),
            "ita-eit" => include_str!("../../../../instruments/ita-eit.json"),
            "ita-oit" => include_str!("../../../../instruments/ita-oit.json"),
            "satisfaction" => include_str!("../../../../instruments/satisfaction.json"),
            "quick" => include_str!("../../../../instruments/quick.json"),
            _ => return None,
        })
    }

    pub fn load(id: &str) -> Option<Instrument> {
        match Instrument::from_json(json(id)?) {
            Ok(ins) => Some(ins),
            Err(problems) => panic!("built-in {id} does not read: {problems:?}"),
        }
    }
}
