use beredskap::config::{Cli, Command};
use beredskap::{cli, db, seeds, startup::Application, telemetry};
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    telemetry::init(&args.settings.log_format);
    let settings = args.settings;
    match args.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), "Beredskap is listening");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let conn = db::connect(&settings.database_url()).await?;
            db::migrate(&conn).await?;
            println!("Migrations applied.");
        }
        Command::Seed => {
            let conn = db::connect(&settings.database_url()).await?;
            db::migrate(&conn).await?;
            match seeds::load_demo_if_empty(&conn).await? {
                Some(logins) => logins.print(&settings.public_url()),
                None => println!("The database already has data; the demo was not loaded."),
            }
        }
        Command::CreateAdmin(input) => {
            let conn = db::connect(&settings.database_url()).await?;
            db::migrate(&conn).await?;
            cli::create_admin(&conn, input).await?;
        }
    }
    Ok(())
}
