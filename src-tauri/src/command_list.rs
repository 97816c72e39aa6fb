// The app's commands, written once. `lib.rs` turns the list into the specta
// builder (and so the invoke handler and `ui/src/bindings.ts`); `build.rs`
// includes this file to give each command its `allow-…` permission and the
// `app-commands` set the capability grants. A command generic over the
// runtime is written `module::name::<R>`.
macro_rules! with_command_list {
    ($then:ident $(, $arg:tt)*) => {
        $then! {
            [$($arg)*]
            engagement::current,
            engagement::new_engagement::<R>,
            engagement::open_engagement::<R>,
            engagement::save_as::<R>,
            engagement::recent_files,
            engagement::apply_op::<R>,
            views::derived,
            views::property_catalog,
            windows::new_window::<R>,
            views::rule_problems,
            views::startup_problem,
            windows::select::<R>,
            windows::selection,
            windows::open_note_taker::<R>,
            export::report_preview,
            export::export::<R>,
            export::export_diagram,
            import::import_preview,
            import::import_new::<R>,
            import::import_into::<R>,
            library::library_search,
            library::library_status,
            library::library_set_folders::<R>,
            library::library_draft,
            library::library_save::<R>,
            library::library_delete::<R>,
            library::library_updates,
            library::library_harvest_preview,
            library::library_harvest::<R>,
        }
    };
}
